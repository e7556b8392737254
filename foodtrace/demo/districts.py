"""Changsha's nine districts as the demo sees them: where businesses cluster and how much trade each has."""

CITY_CODE = "430100"
# The business_user's supermarket is in 芙蓉区, next to the furong_* demo accounts.
FEATURED_DISTRICT = "430102"
URBAN_DISTRICTS = {"430102", "430103", "430104", "430105", "430111"}
# Relative size of each district's food economy (population and trade, roughly).
DISTRICT_SIZE = {"430102": 1.0, "430103": 1.0, "430104": 1.3, "430105": 1.1, "430111": 1.4, "430112": 0.8,
                 "430121": 1.2, "430181": 1.0, "430182": 0.9}
# (latitude, longitude, radius in degrees) of where each district's businesses cluster. The county-level
# cities' centres sit a little towards the city so every point stays inside 27.9–28.6 N, 112.6–113.8 E.
DISTRICT_CENTRES = {
    "430102": (28.1935, 113.0330, 0.018),
    "430103": (28.1120, 112.9880, 0.025),
    "430104": (28.2100, 112.9150, 0.035),
    "430105": (28.2550, 112.9870, 0.025),
    "430111": (28.1350, 113.0350, 0.025),
    "430112": (28.3480, 112.8250, 0.045),
    "430121": (28.2480, 113.0850, 0.045),
    "430181": (28.1630, 113.6400, 0.060),
    "430182": (28.2650, 112.6600, 0.040),
}
BOUNDS = (27.90, 28.60, 112.60, 113.80)
