"""Problem reports (投诉举报) the public has filed in the demo city, so the districts' workbenches and report lists
have something to handle from the first log-in: filed through the same service as the public's form."""

from datetime import timedelta

from django.utils import timezone

from foodtrace.participation.services import ReportInput, report_submit

# (district, category, product, place bought, what the reporter says, days ago)
DEMO_REPORTS = (
    ("430102", "foreign_matter", "散装豆腐", "五一路菜市场豆制品摊", "豆腐里有一根头发，摊主不给退换。", 2),
    ("430102", "spoiled", "鲜猪肉（前腿肉）", "芙蓉区某生鲜超市", "当天买的猪肉回家就有异味，颜色发暗。", 5),
    ("430104", "label", "盒装牛奶", "岳麓区某便利店", "生产日期的印字被刮掉后重新打印，与箱子上的不一致。", 1),
)
# Hashed like every report's sender address; the demo's reports come from no real address.
DEMO_ADDRESS = "demo"


def load_demo_reports(*, now=None) -> int:
    """File the demo's reports (received, nobody assigned yet); the number filed."""
    now = now or timezone.now()
    for district, category, product, seller, description, days_ago in DEMO_REPORTS:
        report_submit(data=ReportInput(category=category, description=description, product_name=product,
                                       seller_name=seller, seller_district=district),
                      photos=[], address=DEMO_ADDRESS, now=now - timedelta(days=days_ago))
    return len(DEMO_REPORTS)
