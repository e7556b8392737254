"""Pools of Chinese words the demo generator combines into believable Changsha data.

Everything here is plain data; the generator picks from it with a seeded RNG,
so the same seed always gives the same Changsha. Places and streets are real
Changsha names (they make a demo recognisable to local regulators); business
brand words are invented on purpose, so no real company appears to be flagged.
"""

# Frequent surnames, roughly weighted by how common they are in Hunan.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Surnames repeated so the common ones come up more often (a crude but deterministic weighting).
COMMON_SURNAMES = "王李张刘陈杨黄周吴彭曾唐谭罗"

GIVEN_NAME_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲兰建国志文辉力春梅林海波斌宇浩凯鹏飞云"
    "峰亮俊琳雪燕鑫龙晨欣怡婷琪宏群慧巧美娇新晓丹蓉湘岳麓望星沙"
)
TWO_CHAR_GIVEN_NAMES = (
    "建国", "建华", "建军", "志强", "志明", "国强", "国庆", "海燕", "秀英", "桂兰", "桂英", "玉兰", "春华",
    "红梅", "晓东", "晓燕", "丽娟", "文杰", "俊杰", "子涵", "梓轩", "雨萱", "湘云", "湘华", "岳林", "卫东",
    "德华", "爱民", "小红", "小平", "新民", "永红", "立新", "金凤", "淑芬", "明辉", "海涛", "振华", "思远",
    "家豪",
)

# Real streets of each district (by GB/T 2260 code), for addresses and shop branch names.
DISTRICT_STREETS = {
    "430102": ("五一大道", "解放西路", "韶山北路", "八一路", "蔡锷中路", "远大一路", "人民东路", "朝阳路",
               "车站北路", "芙蓉中路一段", "东二环一段", "晚报大道"),
    "430103": ("书院路", "芙蓉中路三段", "城南西路", "劳动西路", "湘府中路", "新韶东路", "青园路", "南湖路",
               "黄兴南路", "友谊路", "新姚南路", "暮云大道"),
    "430104": ("麓山南路", "桐梓坡路", "枫林三路", "岳麓大道", "金星中路", "望月湖路", "潇湘中路", "银盆南路",
               "含浦大道", "麓谷大道", "梅溪湖路", "西二环"),
    "430105": ("湘江中路", "北二环", "芙蓉北路", "三一大道", "湘雅路", "中山路", "营盘路", "洪山路",
               "伍家岭路", "福城路", "金泰路", "秀峰路"),
    "430111": ("韶山南路", "劳动东路", "万家丽中路", "香樟路", "圭塘路", "湘府东路", "车站南路", "井湾路",
               "环保中路", "曙光南路", "木莲路", "树木岭路"),
    "430112": ("雷锋大道", "郭亮中路", "金星北路", "旺旺路", "普瑞大道", "黄金大道", "银星路", "腾飞路",
               "马桥河路", "月亮岛路"),
    "430121": ("开元东路", "星沙大道", "东八路", "漓湘路", "板仓路", "望仙路", "人民中路", "凉塘路",
               "黄兴大道", "特立路", "东六路"),
    "430181": ("金沙北路", "白沙西路", "花园路", "人民西路", "沿河北路", "圭斋路", "北正路", "天马大道",
               "劳动北路", "永安大道"),
    "430182": ("玉潭中路", "花明北路", "新康路", "人民北路", "一环路", "金洲大道", "东沩路", "春城路",
               "沩水大道", "团结路"),
}

# Neighbourhoods (for markets, schools, shop branches) and towns (for farms) of each district.
DISTRICT_PLACES = {
    "430102": ("东湖", "马王堆", "袁家岭", "朝阳", "五里牌", "火星", "东屯渡", "定王台", "韭菜园", "浏城桥",
               "马坡岭", "文艺路"),
    "430103": ("侯家塘", "新开铺", "南门口", "金盆岭", "青园", "先锋", "黑石铺", "赤岭", "坡子街", "裕南街",
               "暮云", "大托"),
    "430104": ("望月湖", "观沙岭", "橘子洲", "银盆岭", "咸嘉湖", "西湖", "梅溪湖", "麓谷", "天顶", "洋湖",
               "含浦", "莲花"),
    "430105": ("伍家岭", "四方坪", "月湖", "新河", "清水塘", "湘雅", "浏阳河", "洪山", "东风", "捞刀河",
               "沙坪", "青竹湖"),
    "430111": ("东塘", "左家塘", "砂子塘", "高桥", "圭塘", "洞井", "侯照", "黎托", "井湾子", "雨花亭",
               "跳马", "同升"),
    "430112": ("高塘岭", "丁字湾", "月亮岛", "乔口", "靖港", "铜官", "黄金", "白沙洲", "乌山", "茶亭",
               "白箬铺", "桥驿"),
    "430121": ("星沙", "泉塘", "榔梨", "黄花", "湘龙", "松雅湖", "安沙", "江背", "福临", "春华", "金井",
               "开慧"),
    "430181": ("淮川", "集里", "荷花", "关口", "大瑶", "官渡", "沙市", "永安", "镇头", "社港", "大围山",
               "古港"),
    "430182": ("玉潭", "白马桥", "历经铺", "城郊", "灰汤", "花明楼", "双凫铺", "大成桥", "道林", "煤炭坝",
               "夏铎铺", "喻家坳"),
}

VILLAGES = ("楚东", "新安", "白沙", "金塘", "双江", "和平", "光明", "红旗", "团结", "新华", "石湾", "枫树",
            "杨柳", "荷塘", "桃花", "竹山", "长冲", "大塘", "青山", "清泉")

# Invented brand words; two of them make a brand (湘 + 味 → 湘味).
BRAND_FIRST = ("湘", "楚", "星", "岳", "麓", "沙", "潇", "湘江", "洞庭", "橘洲", "福", "嘉", "瑞", "金", "鑫",
               "恒", "隆", "兴", "旺", "和", "润", "丰", "裕", "华", "诚", "盛", "康", "佳", "美", "绿")
BRAND_SECOND = ("味", "源", "香", "鲜", "丰", "田", "禾", "农", "佳", "润", "康", "园", "泰", "达", "宏",
                "信", "盛", "悦", "湘", "惠", "邦", "汇", "利", "顺", "安", "乐", "满", "品", "之家")

# ---- business names by kind ---------------------------------------------------------------------

FARM_TYPES = {
    # specialisation → (name endings, location kind noun)
    # Endings stay general (蔬菜, 畜禽, 水产) so they fit whichever goods the farm is given.
    "vegetables": (("蔬菜种植专业合作社", "生态蔬菜基地", "有机蔬菜种植基地", "农业科技有限公司",
                    "果蔬种植基地", "家庭农场"), "种植地块"),
    "livestock": (("畜禽养殖专业合作社", "生态养殖场", "畜禽养殖基地", "畜牧有限公司", "农牧科技有限公司",
                   "家庭农场"), "养殖圈舍"),
    "aquatic": (("水产养殖专业合作社", "生态渔业基地", "水产养殖场", "渔业有限公司"), "养殖池塘"),
}

PRODUCER_LINES = {
    # line → (name endings, SC food category code (食品生产许可分类), licensed scope)
    "meat": (("肉类食品有限公司", "食品有限公司", "腊味食品厂", "酱卤食品有限公司"), "104",
             "肉制品（腌腊肉制品、酱卤肉制品、熏烧烤肉制品）"),
    "dairy": (("乳业有限公司", "乳品有限公司", "牧业乳品有限公司"), "105",
              "乳制品（液体乳、乳粉、其他乳制品）"),
    "liquor": (("酒业有限公司", "酒厂", "酿酒有限公司", "啤酒有限公司"), "115",
               "酒类（白酒、啤酒、黄酒、其他酒）"),
    "soy": (("豆制品有限公司", "豆制品厂", "食品有限公司", "豆业有限公司"), "125",
            "豆制品（发酵性豆制品、非发酵性豆制品、其他豆制品）"),
    "soaked": (("水发食品有限公司", "干货食品有限公司", "食品有限公司"), "116",
               "蔬菜制品（食用菌制品、其他蔬菜制品）；水产制品（水发水产品）"),
}

SLAUGHTER_TYPES = {
    "pork": ("鲜肉屠宰有限公司", "生猪定点屠宰场", "肉联厂", "食品屠宰有限公司"),
    "ruminant": ("牛羊屠宰有限公司", "牛羊定点屠宰场", "清真肉类屠宰有限公司"),
}

WHOLESALE_MARKET_TYPES = ("农产品批发市场", "蔬菜批发市场", "水产品批发市场", "农副产品大市场",
                          "冻品批发市场", "肉类批发市场")
FARMERS_MARKET_TYPES = ("农贸市场", "菜市场", "生鲜市场", "农贸市场")

# Goods a market stall holder deals in → name word and product category codes.
STALL_GOODS = {
    "蔬菜": ("vegetables.leafy", "vegetables.root", "vegetables.fruiting", "vegetables.legume"),
    "鲜肉": ("meat.pork", "meat.beef", "meat.mutton"),
    "家禽": ("meat.poultry",),
    "水产": ("aquatic.fish", "aquatic.crustacean", "aquatic.shellfish"),
    "菌菇": ("vegetables.mushroom",),
    "豆制品": ("soy.tofu", "soy.dried_tofu", "soy.yuba"),
    "干货": ("soaked.fungus", "soaked.seafood", "soaked.bean"),
}
STALL_GOODS_WEIGHTS = {"蔬菜": 34, "鲜肉": 22, "家禽": 10, "水产": 14, "菌菇": 6, "豆制品": 8, "干货": 6}
STALL_SUFFIXES = ("摊", "经营部", "商行", "店", "批发部")

SUPERMARKET_BRANDS_SUFFIX = ("超市", "生活超市", "购物广场", "生鲜超市", "便利超市", "量贩")
DISTRIBUTOR_ENDINGS = ("食品贸易有限公司", "商贸有限公司", "冷链物流有限公司", "供应链管理有限公司",
                       "食品经营部", "副食品批发部")

CATERING_ENDINGS = ("餐饮店", "餐馆", "土菜馆", "湘菜馆", "大酒店", "饭店", "小吃店", "茶餐厅", "火锅店",
                    "口味虾店", "烧烤店", "酒楼")
# Names built on the owner's surname (张记米粉店): individual businesses.
CATERING_SURNAME_ENDINGS = ("记米粉店", "记粉面馆", "记臭豆腐", "记饭店", "记大排档", "记糖油粑粑")
CATERING_WORD_SECOND = ("轩", "阁", "居", "园", "府", "坊", "楼", "庄", "厨", "苑")

CHINESE_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
                    "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三",
                    "二十六")
CANTEEN_SCHOOL_TYPES = ("小学", "中学", "实验小学", "实验中学", "幼儿园", "第一小学", "第二中学")
CANTEEN_INSTITUTIONS = (
    # (name pattern; "{d}" is the district, "{p}" a place, "{b}" a brand) , USCC authority+type)
    ("{d}人民医院职工食堂", "12"),
    ("{d}中医医院食堂", "12"),
    ("{d}妇幼保健院食堂", "12"),
    ("{d}人民政府机关食堂", "11"),
    ("{d}{p}街道办事处食堂", "11"),
    ("{d}{p}养老院食堂", "12"),
    ("{d}{p}敬老院食堂", "12"),
    ("湖南{b}机械有限公司员工食堂", "91"),
    ("长沙{b}电子科技有限公司员工食堂", "91"),
    ("长沙{b}物流园员工食堂", "91"),
    ("{d}{p}建筑工地食堂", "91"),
)
UNIVERSITIES = ("中南大学", "湖南大学", "湖南师范大学", "长沙理工大学", "湖南农业大学", "中南林业科技大学",
                "长沙学院", "湖南商学院", "湖南第一师范学院", "长沙民政职业技术学院")

# ---- licences -----------------------------------------------------------------------------------

JY_SCOPES = {
    1: ("预包装食品（含冷藏冷冻食品）销售；散装食品（含冷藏冷冻食品）销售",
        "预包装食品（不含冷藏冷冻食品）销售；散装食品（含熟食）销售",
        "食用农产品销售；预包装食品（含冷藏冷冻食品）销售"),
    2: ("热食类食品制售；冷食类食品制售", "热食类食品制售", "热食类食品制售；生食类食品制售；自制饮品制售"),
    3: ("热食类食品制售（单位食堂）", "热食类食品制售；冷食类食品制售（单位食堂）"),
}
SUSPENSION_REASONS = (
    "日常检查发现严重问题，责令停业整改",
    "监督抽检不合格，责令停业整改",
    "冷链贮存温度记录缺失，责令停业整改",
    "从业人员健康证明过期，暂停经营待整改",
    "食品安全管理制度未落实，责令停业整改",
    "进货查验记录不全且无法说明来源，暂停经营",
)
REVOCATION_REASONS = (
    "使用非食品原料生产食品，依法吊销许可证",
    "以欺骗手段取得许可，依法撤销许可",
    "整改期满仍不符合许可条件，依法吊销许可证",
)

# ---- products -----------------------------------------------------------------------------------

# Loose goods (散装): category → names. Sold by the kilogram, no barcode.
LOOSE_PRODUCTS = {
    "meat.pork": ("猪五花肉", "猪前腿肉", "猪后腿肉", "猪排骨", "猪筒子骨", "猪里脊", "宁乡花猪肉"),
    "meat.beef": ("牛腱子肉", "牛腩", "黄牛肉", "牛里脊"),
    "meat.mutton": ("羊肉", "羊排", "羊腿肉"),
    "meat.poultry": ("土鸡", "麻鸭", "鸡胸肉", "老母鸡", "仔鸡"),
    "vegetables.leafy": ("上海青", "菠菜", "红菜苔", "芹菜", "大白菜", "苋菜", "空心菜", "莴笋叶", "生菜"),
    "vegetables.root": ("土豆", "胡萝卜", "白萝卜", "莲藕", "淮山", "生姜", "芋头", "红薯"),
    "vegetables.fruiting": ("螺丝椒", "朝天椒", "茄子", "黄瓜", "番茄", "苦瓜", "丝瓜", "南瓜", "冬瓜"),
    "vegetables.mushroom": ("香菇", "平菇", "金针菇", "杏鲍菇", "茶树菇", "蘑菇"),
    "vegetables.legume": ("豇豆", "四季豆", "毛豆", "荷兰豆", "扁豆"),
    "aquatic.fish": ("草鱼", "鲫鱼", "鲢鱼", "鳙鱼", "黄颡鱼（黄鸭叫）", "鳜鱼", "鲈鱼"),
    "aquatic.crustacean": ("小龙虾", "河虾", "大闸蟹", "青虾"),
    "aquatic.shellfish": ("河蚌", "田螺", "花甲", "黄蚬"),
    "soy.tofu": ("嫩豆腐", "老豆腐", "白沙井豆腐"),
    "soy.dried_tofu": ("香干", "白干子", "茶干"),
    "soy.yuba": ("腐竹", "豆皮"),
    "soaked.fungus": ("水发木耳", "水发银耳", "水发香菇"),
    "soaked.seafood": ("水发鱿鱼", "水发海带", "水发海参"),
    "soaked.bean": ("水发腐竹", "水发黄豆"),
}
# Slaughterhouse output: category → (name, specification, unit).
SLAUGHTER_PRODUCTS = {
    "pork": (("meat.pork", "白条猪（片猪肉）", "二分体", "head"), ("meat.pork", "冷鲜猪前腿肉", "散装", "kg"),
             ("meat.pork", "冷鲜猪后腿肉", "散装", "kg"), ("meat.pork", "冷鲜猪排骨", "散装", "kg")),
    "ruminant": (("meat.beef", "黄牛胴体", "四分体", "head"), ("meat.beef", "冷鲜牛腩", "散装", "kg"),
                 ("meat.mutton", "山羊胴体", "整只", "head"), ("meat.mutton", "冷鲜羊排", "散装", "kg")),
}
# Packaged goods: category → (name, specification, unit, shelf life in days).
PACKAGED_PRODUCTS = {
    "meat.pork": (("冷鲜猪里脊", "400g/盒", "box", 5), ("冷鲜猪五花肉", "500g/盒", "box", 5)),
    "meat.processed": (("湘味腊肉", "500g/袋", "piece", 180), ("湖南腊肠", "400g/袋", "piece", 180),
                       ("酱板鸭", "350g/袋", "piece", 120), ("卤牛肉", "200g/袋", "piece", 90),
                       ("火腿肠", "30g×10支/袋", "piece", 180), ("腊鱼", "500g/袋", "piece", 180)),
    "dairy.liquid_milk": (("纯牛奶", "250ml×12盒/箱", "box", 180), ("鲜牛奶", "950ml/瓶", "bottle", 7),
                          ("低脂高钙牛奶", "250ml×16盒/箱", "box", 180)),
    "dairy.milk_powder": (("全脂奶粉", "400g/袋", "piece", 540), ("中老年高钙奶粉", "800g/罐", "piece", 720)),
    "dairy.yogurt": (("原味酸奶", "200g/杯", "piece", 21), ("风味发酵乳", "180g×6杯/组", "piece", 21)),
    "dairy.cheese": (("奶酪棒", "500g/袋", "piece", 180), ("再制干酪片", "200g/盒", "box", 270)),
    "soy.tofu": (("盒装内酯豆腐", "400g/盒", "box", 10),),
    "soy.dried_tofu": (("五香豆干", "200g/袋", "piece", 90), ("卤味香干", "250g/袋", "piece", 90)),
    "soy.soy_milk": (("原味豆浆", "1L/瓶", "bottle", 7), ("无糖豆奶", "250ml×12盒/箱", "box", 180)),
    "soy.fermented": (("长沙臭豆腐", "500g/袋", "piece", 5), ("浏阳豆豉", "250g/袋", "piece", 365),
                      ("红方腐乳", "340g/瓶", "bottle", 365)),
    "soy.yuba": (("干腐竹", "250g/袋", "piece", 360),),
    "soaked.fungus": (("即食水发木耳", "300g/袋", "piece", 30), ("水发银耳", "200g/盒", "box", 15)),
    "soaked.seafood": (("水发鱿鱼", "500g/袋", "piece", 15), ("即食海带丝", "250g/袋", "piece", 90)),
    "soaked.bean": (("水发腐竹", "300g/袋", "piece", 10),),
    "liquor.baijiu": (("浓香型白酒 52%vol", "500ml/瓶", "bottle", None),
                      ("酱香型白酒 53%vol", "500ml/瓶", "bottle", None),
                      ("清香型白酒 42%vol", "450ml/瓶", "bottle", None)),
    "liquor.beer": (("精酿啤酒", "500ml/罐", "bottle", 270), ("纯生啤酒", "330ml×24罐/箱", "box", 365)),
    "liquor.wine": (("干红葡萄酒", "750ml/瓶", "bottle", None), ("干白葡萄酒", "750ml/瓶", "bottle", None)),
    "liquor.huangjiu": (("糯米黄酒", "500ml/瓶", "bottle", None), ("甜酒酿", "400g/盒", "box", 30)),
    "liquor.blended": (("杨梅酒", "500ml/瓶", "bottle", None), ("桂花酒", "500ml/瓶", "bottle", None)),
    "vegetables.leafy": (("净菜 上海青", "300g/盒", "box", 3),),
    "vegetables.mushroom": (("鲜香菇", "250g/盒", "box", 5),),
    "aquatic.algae": (("头水紫菜", "50g/袋", "piece", 360), ("干海带", "250g/袋", "piece", 360)),
    "aquatic.fish": (("冰鲜鲈鱼", "500g/盒", "box", 3),),
    "aquatic.crustacean": (("麻辣小龙虾", "750g/盒", "box", 270),),
}

# What a producer of each line makes (categories from PACKAGED_PRODUCTS).
PRODUCER_LINE_CATEGORIES = {
    "meat": ("meat.processed",),
    "dairy": ("dairy.liquid_milk", "dairy.milk_powder", "dairy.yogurt", "dairy.cheese"),
    "liquor": ("liquor.baijiu", "liquor.beer", "liquor.wine", "liquor.huangjiu", "liquor.blended"),
    "soy": ("soy.tofu", "soy.dried_tofu", "soy.soy_milk", "soy.fermented", "soy.yuba"),
    "soaked": ("soaked.fungus", "soaked.seafood", "soaked.bean"),
}
# What a farm of each specialisation raises (categories from LOOSE_PRODUCTS).
FARM_CATEGORIES = {
    "vegetables": ("vegetables.leafy", "vegetables.root", "vegetables.fruiting", "vegetables.mushroom",
                   "vegetables.legume"),
    "livestock": ("meat.pork", "meat.poultry", "meat.beef"),
    "aquatic": ("aquatic.fish", "aquatic.crustacean", "aquatic.shellfish"),
}
# Live animals a breeding farm sells (unit: head).
FARM_LIVESTOCK = {
    "meat.pork": ("生猪", "宁乡花猪"),
    "meat.poultry": ("土鸡", "麻鸭", "白鹅"),
    "meat.beef": ("肉牛", "湘中黑牛"),
}
# Supermarket private labels ("自有品牌") and distributors' agency lines.
SUPERMARKET_LABEL_CATEGORIES = (
    "dairy.liquid_milk", "dairy.yogurt", "soy.tofu", "soy.dried_tofu", "meat.processed", "meat.pork",
    "liquor.baijiu", "liquor.huangjiu", "aquatic.algae", "vegetables.leafy", "vegetables.mushroom",
    "aquatic.fish",
)
DISTRIBUTOR_CATEGORIES = (
    "liquor.baijiu", "liquor.beer", "liquor.wine", "liquor.blended", "dairy.liquid_milk", "dairy.milk_powder",
    "dairy.cheese", "soaked.seafood", "aquatic.algae", "aquatic.crustacean", "meat.processed",
)
