"""What the FSMA 204 sortable spreadsheet holds: the Critical Tracking Events, the columns (Key Data Elements)
and the mappings from EPCIS/CBV terms (docs/exports.md)."""

from django.utils.translation import gettext_lazy

from foodtrace.sheets import CONTENT_TYPES as CONTENT_TYPES
from foodtrace.trace.models import EventIdentifier

PERMISSION = "trace.export_trace"  # exports are for regulators (city, district, inspectors)
REFUSED = gettext_lazy("Your role may not export traces.")
FORMATS = ("csv", "xlsx")
MAX_RANGE_DAYS = 366
MAX_EVENTS = 50_000  # beyond this the request is too wide for one spreadsheet: narrow the range or name a GTIN
TLC_KINDS = ("lgtin", "platform_lot")  # the identifiers that are traceability lots (GS1 AI 10 lot, platform lot)

# --- Critical Tracking Events (21 CFR 1.1310 definitions, 1.1325–1.1350 records) --------------------------
HARVESTING = "Harvesting"  # 1.1325
COOLING = "Cooling"  # 1.1325(b): active temperature reduction of a raw agricultural commodity before packing
INITIAL_PACKING = "Initial Packing"  # 1.1330
FIRST_LAND_BASED_RECEIVING = "First Land-Based Receiving"  # 1.1335
SHIPPING = "Shipping"  # 1.1340
RECEIVING = "Receiving"  # 1.1345
TRANSFORMATION = "Transformation"  # 1.1350
FROM_SOURCE = (RECEIVING, FIRST_LAND_BASED_RECEIVING, INITIAL_PACKING)
CTE_TYPES = (HARVESTING, COOLING, INITIAL_PACKING, FIRST_LAND_BASED_RECEIVING, SHIPPING, RECEIVING, TRANSFORMATION)

# Column headers of the sortable spreadsheet. Source: the Key Data Elements as 21 CFR 1.1325–1.1350 name them
# (eCFR title 21 part 1 subpart S), in the order and wording of FDA's "FSMA Food Traceability Rule Electronic
# Sortable Spreadsheet" template (https://www.fda.gov/media/179617/download, June 2024), flattened from its
# one-tab-per-CTE layout into one sheet with the CTE as the first column. A location description
# (21 CFR 1.1310: business name, address, phone) is split into business name, address and identifier columns.
# "EPCIS Event ID" is the platform's own last column (where the row comes from); docs/exports.md lists all.
COLUMNS = (
    "Critical Tracking Event",
    "Traceability Lot Code",
    "Product Description",
    "Quantity",
    "Unit of Measure",
    "Event Date",
    "Event Time",
    "Location Description - Business Name",
    "Location Description - Location Name",
    "Location Description - Address",
    "Location Identifier",
    "Immediate Previous Source - Business Name",
    "Immediate Previous Source - Address",
    "Immediate Previous Source - Location Identifier",
    "Immediate Subsequent Recipient - Business Name",
    "Immediate Subsequent Recipient - Address",
    "Immediate Subsequent Recipient - Location Identifier",
    "Traceability Lot Code Source - Business Name",
    "Traceability Lot Code Source - Address",
    "Traceability Lot Code Source - Location Identifier",
    "Traceability Lot Code Source Reference",
    "Reference Document Type",
    "Reference Document Number",
    "Input Traceability Lot Codes",
    "Input Product Descriptions",
    "Input Quantities and Units of Measure",
    "EPCIS Event ID",
)

# CBV 2.0 business transaction types (bizTransactionList) -> FSMA "reference document type" (21 CFR 1.1310).
QUARANTINE_CERT = "urn:foodtrace:btt:quarantine_cert"  # 动物检疫合格证明 / 产地检疫证
INSPECTION_REPORT = "urn:foodtrace:btt:inspection_report"  # 检验报告
DOCUMENT_TYPES = {
    "inv": "Invoice",
    "po": "Purchase Order",
    "poc": "Purchase Order Confirmation",
    "desadv": "Despatch Advice",
    "bol": "Bill of Lading",
    "recadv": "Receiving Advice",
    "prodorder": "Production Order",
    "rma": "Return Merchandise Authorization",
    "pedigree": "Pedigree",
    "cert": "Certificate",
    "testprd": "Test Procedure",
    "testres": "Test Result",
    "upevt": "Upstream EPCIS Event",
    QUARANTINE_CERT: "Quarantine Certificate",
    INSPECTION_REPORT: "Inspection Report",
}

# UN/CEFACT Recommendation 20 codes (the EPCIS ``uom``) -> the unit as people write it.
UNITS = {"KGM": "kg", "GRM": "g", "TNE": "t", "LBR": "lb", "ONZ": "oz", "LTR": "L", "MLT": "mL", "MTQ": "m3",
         "H87": "piece", "EA": "each", "C62": "unit", "BX": "box", "CS": "case", "CT": "carton", "PK": "pack",
         "BG": "bag", "BO": "bottle", "PF": "pallet"}

ROLE = EventIdentifier.Role
GOODS_ROLES = (ROLE.EPC, ROLE.QUANTITY)
INPUT_ROLES = (ROLE.INPUT, ROLE.INPUT_QUANTITY)
OUTPUT_ROLES = (ROLE.OUTPUT, ROLE.OUTPUT_QUANTITY)
CANDIDATE_STEPS = ("shipping", "receiving", "commissioning", "storing", "holding")
DOCUMENT_STEPS = ("commissioning", "storing", "holding", "receiving")  # CTE depends on ILMD / sensor data
HARVEST_ILMD = ("cbvmda:harvestStartDate", "cbvmda:harvestEndDate")
VESSEL_ILMD = ("cbvmda:vesselCatchInformationList", "cbvmda:vesselCatchInformation")
PARTY_PREFERENCE = ("owning_party", "possessing_party")
# Encrypted personal data of a business's people: never needed here, so never read (nor decrypted).
PERSONAL_FIELDS = ("legal_representative", "contact_name", "contact_phone")
