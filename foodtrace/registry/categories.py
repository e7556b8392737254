"""The plan's seven product categories and their sub-categories (code, 中文, English)."""

CATEGORIES = [
    ("meat", "肉类", "Meat", [
        ("pork", "猪肉", "Pork"), ("beef", "牛肉", "Beef"), ("mutton", "羊肉", "Mutton"),
        ("poultry", "禽肉", "Poultry"), ("processed", "肉制品", "Meat products")]),
    ("vegetables", "蔬菜", "Vegetables", [
        ("leafy", "叶菜类", "Leafy vegetables"), ("root", "根茎类", "Root vegetables"),
        ("fruiting", "瓜果类", "Fruiting vegetables"), ("mushroom", "食用菌", "Edible fungi"),
        ("legume", "豆类蔬菜", "Legume vegetables")]),
    ("aquatic", "水产品", "Aquatic products", [
        ("fish", "鱼类", "Fish"), ("crustacean", "虾蟹类", "Shrimp and crab"), ("shellfish", "贝类", "Shellfish"),
        ("algae", "藻类", "Algae")]),
    ("soaked", "水发产品", "Soaked / rehydrated goods", [
        ("fungus", "水发菌类", "Soaked fungi"), ("seafood", "水发海产品", "Soaked seafood"),
        ("bean", "水发豆制品", "Soaked bean products")]),
    ("liquor", "酒类", "Liquor", [
        ("baijiu", "白酒", "Baijiu"), ("beer", "啤酒", "Beer"), ("wine", "葡萄酒", "Wine"),
        ("huangjiu", "黄酒", "Yellow wine"), ("blended", "配制酒", "Blended liquor")]),
    ("dairy", "乳制品", "Dairy", [
        ("liquid_milk", "液体乳", "Liquid milk"), ("milk_powder", "乳粉", "Milk powder"),
        ("yogurt", "发酵乳", "Yogurt"), ("cheese", "干酪", "Cheese")]),
    ("soy", "豆制品", "Soy products", [
        ("tofu", "豆腐", "Tofu"), ("dried_tofu", "豆干", "Dried tofu"), ("soy_milk", "豆浆", "Soy milk"),
        ("fermented", "发酵豆制品", "Fermented soy"), ("yuba", "腐竹", "Yuba")]),
]


def category_rows():
    """(code, name, name_en, parent_code) for every category, parents first."""
    for code, name, name_en, children in CATEGORIES:
        yield code, name, name_en, None
        for child, child_name, child_en in children:
            yield f"{code}.{child}", child_name, child_en, code
