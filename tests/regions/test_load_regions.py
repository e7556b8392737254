"""Another city loads from a CSV of GB/T 2260 codes and names, without code changes."""

import pytest
from django.core.management import CommandError, call_command

from foodtrace.regions.models import Region
from tests.conftest import make_user


def test_changsha_and_its_nine_districts_are_there_by_default(db):
    city = Region.objects.get(code="430100")
    assert city.name == "长沙市" and city.is_city
    assert set(Region.objects.filter(city=city, level="district").values_list("code", flat=True)) == {
        "430102", "430103", "430104", "430105", "430111", "430112", "430121", "430181", "430182"}


@pytest.mark.django_db
def test_another_city_from_csv(tmp_path):
    path = tmp_path / "430200.csv"
    path.write_text("\ufeffcode,name\n430200,株洲市\n430202,荷塘区\n430203,芦淞区\n430281,醴陵市\n",
                    encoding="utf-8")
    call_command("load_regions", str(path))
    zhuzhou = Region.objects.get(code="430200")
    assert set(zhuzhou.divisions.exclude(pk="430200").values_list("name", flat=True)) == {"荷塘区", "芦淞区", "醴陵市"}
    # Its users are scoped to it like Changsha's.
    user = make_user("city_admin", region="430200")
    assert set(Region.objects.restrict(user).values_list("code", flat=True)) == {"430200", "430202", "430203", "430281"}


@pytest.mark.django_db
def test_bad_csv_names_every_problem(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n4302,株洲市\n430202,\n430203,芦淞区\n430203,芦淞区\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("load_regions", str(path))
    message = str(excinfo.value)
    assert "row 2" in message and "row 3" in message and "appears twice" in message and "exactly one city" in message
    assert not Region.objects.filter(code="430203").exists()
