"""The embedded sample: a synthetic council whose every figure is known by construction.

Everything here is invented: suppliers, payments and postcodes (postcode areas starting with Q, which no real UK
postcode uses). The places are real LAD codes, those of Rotherham and the Sheffield City Region, so the sample
exercises the same configuration a real analysis would. The generator is deterministic: `spend sample` rewrites
the committed files byte for byte, and `build_sample()` returns, beside the files' contents, the expected outcome
of every ledger row (loaded or quarantined, financial year, pence, ring), from which the tests derive the figures.

Mess included on purpose, as real ledgers have it: four header layouts (one with gross and net amounts), ISO,
day-first, date-time and Excel-serial dates, amounts with £, thousands commas, brackets, trailing minus and float
artefacts, a Windows-1252 file, blank lines, trailing empty fields, a quoted field spanning two lines, a footer
total row, unparseable dates and amounts, a row with a stray extra value, redacted payees, payees missing from the
supplier file, name variants (case, Ltd/Limited, punctuation), an ambiguous name, and supplier rows that are
blank, duplicated or lack a postcode.

Places the pipeline must work harder for: a postcode only the older directory holds (terminated since), a
supplier with a declared local site in the borough (based or branched), one known by company number only (a
SYNTHETIC Companies House file in BasicCompanyData's layout gives its registered office), one known by
coordinates only and a postcode the directory gives no district (both placed by SYNTHETIC boundary boxes), and
community associations missing from the supplier file that the Companies House file names.

What the CLES analysis needs a known answer for: payees of every supplier type, each decided by one kind of evidence
(a CIC name, a supplier-file size or type or charity number, Companies House's accounts and category, public-body
names), payments each influenceable rule leaves out (one that two rules match, where the first wins), and a name two
home suppliers share. Those payees' rows close every month's file and draw from a random generator of their own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from assets.staging.companies import basic_company_data

SEED = 20191001
HOME_LAD = "E08000018"
REGION_LADS = ["E08000016", "E08000038", "E08000017", "E08000018", "E08000019", "E08000039",
               "E07000171", "E07000033", "E07000034", "E07000035", "E07000038"]  # fmt: skip
FIRST_YEAR, YEARS = 2018, 4  # financial years 2018/19 to 2021/22
RING_SIZES = {"home": 20, "region": 14, "elsewhere": 12}

#: Postcode areas: (area, LAD code in the 2018 directory, LAD code in the 2025 directory).
#: Sheffield and Barnsley changed code in 2023, as in the real directories.
AREAS = {
    "home": [("Q", "E08000018", "E08000018")],
    "region": [("QS", "E08000019", "E08000039"), ("QB", "E08000016", "E08000038"), ("QD", "E08000017", "E08000017"),
               ("QW", "E07000171", "E07000171")],
    "elsewhere": [("QM", "E08000003", "E08000003"), ("QL", "E08000035", "E08000035"), ("QC", "E06000047", "E06000047")],
}  # fmt: skip

#: Region districts no supplier is in: a postcode each (area QE), so that every configured code has postcodes, as a
#: real directory gives it. Their grid references are fixed, inside the region's box.
QUIET_DISTRICTS = {"QE1 1AA": "E07000033", "QE1 1AB": "E07000034", "QE1 1AD": "E07000035", "QE1 1AE": "E07000038"}

#: SYNTHETIC boundary boxes (EPSG:27700): every directory grid reference falls in the region's box; the home box
#: holds only the supplier known by its coordinates.
BOXES = {"E08000019": (420000, 370000, 460000, 410000), "E08000018": (300000, 300000, 310000, 310000)}
COORDINATE_ONLY_POINT = (305000, 305000)
#: Community associations that are not in the supplier file but are in the Companies House file.
REGISTERED_ASSOCIATIONS = ("Kestrel", "Moorgate")

WORDS = ["Ashcombe", "Brackenholt", "Copperdale", "Dunmere", "Elmstead", "Fallowfield", "Greystone", "Hollinwood",
          "Ironbridge", "Juniper", "Kestrel", "Larchmere", "Moorgate", "Netherby", "Oakhurst", "Pennyfold",
          "Quarrybank", "Ravenscar", "Saltmarsh", "Thornbury", "Underhill", "Valemount", "Whinmoor", "Yewdale",
          "Alderbank", "Birchholme", "Cloverley", "Dovecote", "Emberton", "Foxwood", "Glenmore", "Heatherside",
          "Ivyholme", "Kingsmead", "Lowther", "Millbeck", "Northolme", "Orchardleigh", "Pikehall", "Ridgeway",
          "Stonecross", "Tanfield", "Upwood", "Wickham", "Amberley", "Brookfield"]  # fmt: skip
TRADES = ["Joinery", "Catering", "Care Services", "Fleet Hire", "IT Solutions", "Landscapes", "Print",
           "Cleaning", "Consulting", "Construction", "Electrical", "Plumbing & Heating", "Transport", "Training",
           "Security"]  # fmt: skip
#: The SIC 2007 code of each trade, as some supplier files record it (others leave it to Companies House).
TRADE_SIC = {"Joinery": "43320", "Catering": "56290", "Care Services": "87300", "Fleet Hire": "77110",
             "IT Solutions": "62020", "Landscapes": "81300", "Print": "18129", "Cleaning": "81210",
             "Consulting": "70229", "Construction": "41201", "Electrical": "43210", "Plumbing & Heating": "43220",
             "Transport": "49410", "Training": "85590", "Security": "80100"}  # fmt: skip
_FORMS = ["Ltd", "Limited", "Ltd", "LLP", "PLC", "& Sons Ltd", "CIC", "Ltd"]
_DEPARTMENTS = ["Adult Care", "Children & Young People", "Regeneration & Environment", "Finance & Customer Services",
                "Public Health", "Assistant Chief Executive"]  # fmt: skip
_EXPENSE_TYPES = ["Building Repairs", "Professional Services", "Catering Supplies", "Vehicle Hire", "IT Equipment",
                  "Grounds Maintenance", "Residential Care", "Training Costs", "Printing & Stationery"]  # fmt: skip

LAYOUTS = {
    # financial year offset -> header, and the order fields are written in
    0: ["Body Name", "Date", "Transaction Number", "Net Amount", "Supplier Name", "Supplier ID", "Expense Area",
        "Expense Type"],
    1: ["Organisation", "Payment Date", "Transaction No", "Amount", "Beneficiary Name", "Supplier ID", "Department",
        "Expense Type"],
    2: ["Invoice Payment Date", "Transaction Number", "Gross Amount", "Net Amount", "Supplier Name", "Supplier ID",
        "Service Area", "Expense Type"],
    3: ["Date Paid", "Vendor Name", "Vendor ID", "Net", "Directorate", "Purpose"],
}  # fmt: skip
BODY = "Synthetic Sample Council"
GROSS = "9999999.99"  # every gross amount is deliberately wrong: the net column must be the one used


@dataclass
class Supplier:
    supplier_id: str
    name: str
    postcode: str | None
    ring: str  # the ring the pipeline must find for it
    country: str | None = None
    company_number: str | None = None
    local_site_postcode: str | None = None
    point: tuple[int, int] | None = None  # easting, northing
    office_ring: str | None = None  # the ring of its office alone, where a local site changes it
    supplier_type: str = "unknown"  # the type the pipeline must find for its payments
    declared_type: str | None = None  # the supplier file's supplier_type column
    size: str | None = None  # the supplier file's size column
    sic_code: str | None = None  # the supplier file's sic_code column
    charity_number: str | None = None

    @property
    def office(self) -> str:
        return self.office_ring or self.ring


@dataclass
class ExpectedRow:
    """What the pipeline must do with one ledger row."""

    source_file: str
    source_line: int
    loaded: bool
    pence: int | None  # the amount where it parses (quarantined rows too), else None
    fiscal_year: str | None = None
    ring: str | None = None
    reason: str | None = None
    office_ring: str | None = None  # when it differs from ring
    supplier_type: str | None = None  # of a loaded row
    exclusion: str | None = None  # the influenceable rule it falls under, if any
    party: str | None = None  # the supplier id (or C<company number>) it is linked to, where it is


@dataclass
class Sample:
    files: dict[str, bytes] = field(default_factory=dict)
    expected_rows: list[ExpectedRow] = field(default_factory=list)
    suppliers: list[Supplier] = field(default_factory=list)

    companies: list[dict[str, str]] = field(default_factory=list)
    #: suppliers of the supplier file that the main ledger rows never pick (the policy's payees, a name's twin)
    policy_suppliers: list[Supplier] = field(default_factory=list)
    #: the accredited Living Wage employers that are suppliers: supplier id -> the first financial year accredited
    living_wage: dict[str, str] = field(default_factory=dict)
    #: the re-spend surveys: (supplier id, financial year) -> the six shares as written
    surveys: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: the written quotation exercises: exercise id -> (financial year, department, compliance the pipeline must find)
    quotations: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def expected_by_year(self, base: str = "all") -> dict[str, dict[str, int]]:
        """Pence by financial year and ring ('office home' etc. by office alone), with 'total' and 'payments',
        over loaded rows (on the influenceable base: those no exclusion rule matches)."""
        years: dict[str, dict[str, int]] = {}
        rings = ("home", "region", "elsewhere", "unknown")
        for row in self.expected_rows:
            if row.loaded and (base == "all" or row.exclusion is None):
                year = years.setdefault(
                    row.fiscal_year,
                    {"payments": 0, "total": 0, **dict.fromkeys(rings + tuple(f"office {r}" for r in rings), 0)},
                )
                year["payments"] += 1
                year["total"] += row.pence
                year[row.ring] += row.pence
                year[f"office {row.office_ring or row.ring}"] += row.pence
        return dict(sorted(years.items()))


def fiscal_year(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _quarter(start_year: int, number: int) -> tuple[str, dt.date]:
    """The label ('2019/20 Q1') and last day of quarter `number` of the financial year starting in `start_year`."""
    first_month = 4 + 3 * (number - 1)
    year, month = start_year + (first_month - 1) // 12, (first_month - 1) % 12 + 1
    after = dt.date(year + (month + 2) // 12, (month + 2) % 12 + 1, 1)
    return f"{fiscal_year(dt.date(year, month, 1))} Q{number}", after - dt.timedelta(days=1)


def _return_line(contract, measure, quarter, quantity, submitted, status, verified, note) -> str:
    verified_on = (submitted + dt.timedelta(days=7)).strftime("%d/%m/%Y") if status != "pending" else ""
    fields = [contract, measure, quarter, quantity, "SYNTHETIC evidence", submitted.strftime("%d/%m/%Y"), status,
              verified, verified_on, note]  # fmt: skip
    return ",".join(_csv_field(f) for f in fields)


def _pounds(pence: int) -> str:
    return f"{'-' if pence < 0 else ''}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def _postcode(outward: str, rng: random.Random) -> str:
    return f"{outward} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def _codepoint_line(postcode: str, lad: str, padded: bool, rng: random.Random) -> str:
    outward, inward = postcode.split()
    text = f"{outward:<4}{inward}" if padded else postcode
    easting, northing = rng.randint(430000, 450000), rng.randint(380000, 400000)
    return f'"{text}",10,{easting},{northing},"E92000001","","","","{lad}",""'


def _csv_field(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\n') else value


class _Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        # the policy's payees (public bodies, precepts, pensions, charities, a name two home suppliers share) draw
        # from a generator of their own, so that adding them left every other row of the sample as it was
        self.policy_rng = random.Random(SEED + 1)
        self.policy_payees: list[tuple[Supplier, str, str | None]] = []  # (payee, expense type, exclusion rule)
        self.sample = Sample()
        self.directory: dict[str, dict[str, tuple[str, str | None]]] = {"2018": {}, "2025": {}}

    # Places -----------------------------------------------------------------------------------------------------

    def _new_postcode(
        self, ring: str, vintages: tuple[str, ...] = ("2018", "2025"), draw: random.Random | None = None
    ) -> str:
        draw = draw or self.rng
        area, lad_2018, lad_2025 = draw.choice(AREAS[ring])
        while True:
            postcode = _postcode(f"{area}{draw.randint(1, 9)}", draw)
            if all(postcode not in self.directory[v] for v in ("2018", "2025")):
                break
        for vintage in vintages:
            self.directory[vintage][postcode] = (lad_2018 if vintage == "2018" else lad_2025, "placed")
        return postcode

    def filler_postcodes(self) -> None:
        """Postcodes nobody uses, so the directory is not just the suppliers' postcodes."""
        for ring in AREAS:
            for _ in range(40):
                self._new_postcode(ring)

    # Suppliers --------------------------------------------------------------------------------------------------

    def _name(self) -> str:
        while True:
            name = f"{self.rng.choice(WORDS)} {self.rng.choice(TRADES)} {self.rng.choice(_FORMS)}"
            if all(name.split()[:2] != s.name.split()[:2] for s in self.sample.suppliers):
                return name

    def suppliers(self) -> None:
        add = self.sample.suppliers.append
        for ring, count in RING_SIZES.items():
            for _ in range(count):
                add(Supplier(f"S{len(self.sample.suppliers) + 1:04d}", self._name(), self._new_postcode(ring), ring))
        n = len(self.sample.suppliers)
        # Located by the older directory only: a postcode terminated since (still valid for its years).
        add(Supplier(f"S{n + 1:04d}", self._name(), self._new_postcode("home", ("2018",)), "home"))
        # Moved from the region to the borough between vintages: the directory listed first (2025) wins.
        moved = self._new_postcode("home", ("2025",))
        self.directory["2018"][moved] = ("E08000019", "placed")
        add(Supplier(f"S{n + 2:04d}", self._name(), moved, "home"))
        # Places the pipeline cannot know, and one it knows without a postcode.
        add(Supplier(f"S{n + 3:04d}", self._name(), None, "unknown"))
        add(Supplier(f"S{n + 4:04d}", self._name(), "NOT KNOWN", "unknown"))
        add(Supplier(f"S{n + 5:04d}", self._name(), "QZ9 9ZZ", "unknown"))  # well formed, in no directory
        no_lad = self._new_postcode("region")
        self.directory["2025"][no_lad] = ("", "placed")
        add(Supplier(f"S{n + 6:04d}", self._name(), no_lad, "region"))  # its grid reference is in the region's box
        add(Supplier(f"S{n + 7:04d}", "Ardara Software Teoranta", "D02 X285", "elsewhere", country="Ireland"))
        # Two suppliers whose names normalise alike: a ledger row naming them without an id is ambiguous.
        add(Supplier(f"S{n + 8:04d}", "Copperfield Print Ltd", self._new_postcode("home"), "home"))
        add(Supplier(f"S{n + 9:04d}", "COPPERFIELD PRINT LIMITED", self._new_postcode("elsewhere"), "elsewhere"))
        # Based elsewhere, branched in the borough: its declared local site counts.
        add(Supplier(f"S{n + 10:04d}", self._name(), self._new_postcode("elsewhere"), "home",
                     local_site_postcode=self._new_postcode("home"), office_ring="elsewhere"))  # fmt: skip
        # Known by company number only: Companies House gives its registered office, in the region.
        known_by_number = Supplier(f"S{n + 11:04d}", self._name(), None, "region", company_number="9876543",
                                   supplier_type="sme")  # its accounts category: a micro entity  # fmt: skip
        add(known_by_number)
        self._company(known_by_number.name.upper(), "09876543", self._new_postcode("region"), "MICRO ENTITY")
        # Known by coordinates only, inside the borough's (synthetic) boundary.
        add(Supplier(f"S{n + 12:04d}", self._name(), None, "home", point=COORDINATE_ONLY_POINT))
        # Payees missing from the supplier file that Companies House knows by name.
        for number, word in enumerate(REGISTERED_ASSOCIATIONS, start=1):
            name, postcode = f"{word.upper()} COMMUNITY ASSOCIATION CIC", self._new_postcode("home")
            self._company(
                name, f"1100000{number}", postcode, "TOTAL EXEMPTION FULL", "94990 - Membership organisations",
                category="Community Interest Company",
            )  # fmt: skip
        self._sizes()
        self._policy_suppliers()

    def _sizes(self) -> None:
        """Types by stated evidence: a CIC by its name; sizes from the supplier file's size column. Sectors: most
        suppliers' SIC code by their trade (every fifth left blank, as supplier files leave some)."""
        for index, supplier in enumerate(self.sample.suppliers):
            trade = next((t for t in TRADES if f" {t} " in f" {supplier.name} "), None)
            if trade and index % 5:
                supplier.sic_code = TRADE_SIC[trade]
            if supplier.name.endswith(" CIC"):
                supplier.supplier_type = "vcse"
            elif supplier.name.endswith(" PLC"):
                supplier.size, supplier.supplier_type = "large", "large"
            elif index % 4 == 1 and supplier.company_number is None:
                supplier.size, supplier.supplier_type = ("small", "micro", "Medium", "SME")[index % 16 // 4], "sme"

    def _policy_suppliers(self) -> None:
        """Payees the influenceable rules and the supplier types are about, each with the expense type it is paid
        under and the rule of the sample's analysis that leaves it out of the influenceable base (None: none)."""

        def add(name: str, ring: str, supplier_type: str, expense: str, exclusion: str | None, **extra) -> Supplier:
            postcode = self._new_postcode(ring, draw=self.policy_rng)
            supplier = Supplier(f"S{901 + len(self.policy_payees):04d}", name, postcode, ring,
                                supplier_type=supplier_type, **extra)  # fmt: skip
            self.policy_payees.append((supplier, expense, exclusion))
            self.sample.policy_suppliers.append(supplier)
            return supplier

        add("Sample Borough Council", "home", "public_body", "Professional Services", "public bodies", sic_code="O")
        add("Quarrybank NHS Foundation Trust", "region", "public_body", "Residential Care", "public bodies",
            sic_code="86101")  # fmt: skip
        add("HM Revenue and Customs", "elsewhere", "public_body", "Apprenticeship Levy", "public bodies")
        add("Saltmarsh Combined Authority", "region", "public_body", "Precepts and Levies", "public bodies")
        add("South Quarrybank Pension Fund", "region", "unknown", "Pension Contributions", "tax and pensions",
            sic_code="65300")  # fmt: skip
        add("Netherby Drainage Board", "region", "unknown", "Precepts and Levies", "precepts and levies")
        add("Ravenscar Community Transport", "home", "vcse", "Vehicle Hire", None, charity_number="1123456",
            sic_code="49390")  # fmt: skip
        add("Whinmoor Youth Trust", "home", "vcse", "Training Costs", None, declared_type="vcse", size="small",
            sic_code="p")  # fmt: skip
        add("Juniper Works Ltd", "home", "public_body", "Building Repairs", "public bodies",
            declared_type="public_body")  # a council-owned company: the supplier file says so  # fmt: skip
        # Two home suppliers whose names normalise alike: a ledger row naming them without an id is ambiguous, but
        # both are in the borough, so its ring is known though its supplier is not.
        add("Foxglove Gardens Ltd", "home", "unknown", "Grounds Maintenance", None)
        twin = Supplier("S0999", "FOXGLOVE GARDENS LIMITED", self._new_postcode("home", draw=self.policy_rng), "home")
        self.sample.policy_suppliers.append(twin)

    def _company(
        self, name: str, number: str, postcode: str, accounts: str, sic: str = "",
        category: str = "Private Limited Company",
    ) -> None:  # fmt: skip
        self.sample.companies.append(
            {"CompanyName": name, "CompanyNumber": number, "RegAddress.PostCode": postcode,
             "CompanyCategory": category, "CompanyStatus": "Active", "IncorporationDate": "01/04/2010",
             "Accounts.AccountCategory": accounts, "SICCode.SicText_1": sic or "43390 - Other building completion"}
        )  # fmt: skip

    def supplier_file(self) -> None:
        lines = ["supplier_id,supplier_name,postcode,country,company_number,local_site_postcode,easting,northing,"
                 "supplier_type,size,charity_number,sic_code"]  # fmt: skip
        for index, supplier in enumerate(self.sample.suppliers + self.sample.policy_suppliers):
            postcode = supplier.postcode or ""
            if index % 3 == 1 and supplier.postcode and " " in postcode:
                postcode = postcode.lower().replace(" ", "")  # spacing and case vary in real supplier masters
            easting, northing = supplier.point or ("", "")
            lines.append(
                ",".join(_csv_field(str(v)) for v in [supplier.supplier_id, supplier.name, postcode,
                                                       supplier.country or "", supplier.company_number or "",
                                                       supplier.local_site_postcode or "", easting, northing,
                                                       supplier.declared_type or "", supplier.size or "",
                                                       supplier.charity_number or "", supplier.sic_code or ""])
            )  # fmt: skip
            if index == 5:
                lines.append("")  # a blank line is not a supplier
            if index == 9:
                lines.append("S9001,,Q1 1AA,,,,,,,,,")  # quarantined: no name
            if index == 12:
                lines.append(f"{supplier.supplier_id},Duplicate Entry Ltd,Q2 2AB,,,,,,,,,")  # quarantined: id used
        self.sample.files["suppliers.csv"] = ("\n".join(lines) + "\n").encode()

    def living_wage_file(self) -> None:
        """The SYNTHETIC list of accredited Living Wage employers: two home suppliers by name (accredited on 1 April
        2018 and 2019), the supplier known by company number only under another name (1 April 2020), an employer no
        payee matches, and a line whose date cannot be read."""
        home = [s for s in self.sample.suppliers if s.ring == "home" and s.office == "home"][:2]
        by_number = next(s for s in self.sample.suppliers if s.company_number and s.postcode is None)
        lines = ["Name,Company Number,Accredited On"]
        for supplier, day in ((home[0], "01/04/2018"), (home[1], "01/04/2019")):
            lines.append(f"{supplier.name.upper()},,{day}")
            self.sample.living_wage[supplier.supplier_id] = fiscal_year(dt.datetime.strptime(day, "%d/%m/%Y").date())
        lines.append(f"Synthetic Holdings Group,{by_number.company_number},01/04/2020")
        self.sample.living_wage[by_number.supplier_id] = "2020/21"
        lines += ["Nowhere Bakery Ltd,,01/01/2020", "Soon Accredited Ltd,,pending"]
        self.sample.files["living_wage_employers.csv"] = ("\n".join(lines) + "\n").encode()

    def quotations_file(self) -> None:
        """The SYNTHETIC written quotation exercises, one line per invitee: one with a home supplier named alone
        (placed through the supplier file), one with a region supplier, a breach (every invitee elsewhere), one that
        cannot be judged (a new firm whose postcode no directory holds), one with a home invitee by postcode, and a
        supplier invited twice to one exercise (quarantined)."""
        placed = [s for s in self.sample.suppliers if s.postcode and s.ring == s.office and not s.local_site_postcode]
        home, region, away = ([s for s in placed if s.ring == ring] for ring in ("home", "region", "elsewhere"))
        header = "Exercise ID,Date,Value,Department,Category,Supplier Name,Postcode,Company Number,Responded,Awarded"
        exercises = [
            ("RFQ-19-001", "14/05/2019", "8500.00", "Highways", "home",
             [(home[0].name, "", "yes", "yes"), (away[0].name, away[0].postcode, "yes", "no")]),
            ("RFQ-19-002", "02/07/2019", "12000.00", "Adult Care", "region",
             [(region[0].name, region[0].postcode, "yes", "yes"), (away[1].name, away[1].postcode, "no", "no")]),
            ("RFQ-19-003", "20/11/2019", "23750.50", "Highways", "breach",
             [(away[0].name, away[0].postcode, "yes", "yes"), (away[1].name, away[1].postcode, "yes", "no"),
              (away[2].name, away[2].postcode, "no", "no")]),
            ("RFQ-20-001", "09/06/2020", "4200.00", "Adult Care", "not known",
             [("Brand New Synthetic Makers Ltd", "QZ9 9ZZ", "yes", "yes"), (away[2].name, away[2].postcode, "", "")]),
            ("RFQ-20-002", "15/01/2021", "18000.00", "Resources", "home",
             [(home[1].name, home[1].postcode, "yes", "yes"), (region[1].name, region[1].postcode, "yes", "no"),
              (home[1].name.upper(), "", "yes", "no")]),  # invited twice: quarantined
        ]  # fmt: skip
        lines = [header]
        for exercise_id, day, value, department, compliance, invitees in exercises:
            for name, postcode, responded, awarded in invitees:
                fields = [exercise_id, day, value, department, "Works", name, postcode, "", responded, awarded]
                lines.append(",".join(_csv_field(f or "") for f in fields))
            year = fiscal_year(dt.datetime.strptime(day, "%d/%m/%Y").date())
            self.sample.quotations[exercise_id] = (year, department, compliance)
        self.sample.files["quotations.csv"] = ("\n".join(lines) + "\n").encode()

    def social_value_files(self) -> None:
        """The SYNTHETIC social value inputs: a framework with invented measures and proxies, five contracts (a home
        supplier's with six quarters returned, one late, one rejected then resubmitted, one pending and two missing;
        a region supplier's, verified below what was declared; one over the threshold with no commitment, a breach;
        one under it; one whose supplier is known by company number alone, with nothing returned), their
        commitments, and quarterly returns in two files, with a line for an unknown contract and a commitment to an
        unknown measure (quarantined)."""
        home = [s for s in self.sample.suppliers if s.ring == "home" and s.office == "home" and s.postcode]
        region = next(s for s in self.sample.suppliers if s.ring == "region" and s.postcode)
        away = next(s for s in self.sample.suppliers if s.ring == "elsewhere" and s.postcode)
        by_number = next(s for s in self.sample.suppliers if s.company_number and s.postcode is None)
        self.sample.files["social_value_framework.yaml"] = SAMPLE_FRAMEWORK.encode()
        contracts = [
            ("SC-001", "Highways resurfacing", home[2].name, "", "450000.00", "01/04/2019", "31/03/2021", "Highways"),
            ("SC-002", "Home care", region.name, "", "250000.00", "01/10/2019", "30/09/2021", "Adult Care"),
            ("SC-003", "Case management system", away.name, "", "180000.00", "01/04/2020", "31/03/2022", "Resources"),
            ("SC-004", "Catering", home[3].name, "", "60000.00", "01/04/2020", "31/03/2021", "Resources"),
            ("SC-005", "Advice service", "", by_number.company_number, "120000.00", "01/04/2021", "31/03/2022",
             "Adult Care"),
        ]  # fmt: skip
        lines = ["Contract ID,Title,Supplier Name,Company Number,Value,Start Date,End Date,Department"]
        lines += [",".join(_csv_field(f) for f in contract) for contract in contracts]
        self.sample.files["contracts.csv"] = ("\n".join(lines) + "\n").encode()
        commitments = [
            ("SC-001", "local_jobs", "4", ""), ("SC-001", "apprentice_weeks", "104", ""),
            ("SC-001", "volunteering", "200", ""), ("SC-002", "local_jobs", "2", ""),
            ("SC-002", "co2_tonnes", "50", ""), ("SC-005", "volunteering", "100", "2021/22"),
            ("SC-005", "training_courses", "4", "2021/22"), ("SC-005", "free_lunches", "1000", "2021/22"),
        ]  # fmt: skip
        lines = ["Contract ID,Measure ID,Quantity,Fiscal Year"] + [",".join(c) for c in commitments]
        self.sample.files["commitments.csv"] = ("\n".join(lines) + "\n").encode()
        header = (
            "Contract ID,Measure ID,Quarter,Quantity,Evidence,Submitted On,Status,Verified Quantity,Verified On,Note"
        )
        first, second = [header], [header]
        quarters = [(year, q) for year in (2019, 2020, 2021) for q in (1, 2, 3, 4)]
        for year, q in quarters[:6]:  # SC-001: 2019/20 Q1 to 2020/21 Q2; 2020/21 Q3 and Q4 missing
            label, ends = _quarter(year, q)
            late = (year, q) == (2019, 2)
            submitted = ends + dt.timedelta(days=46 if late else 10)
            status = "pending" if (year, q) == (2020, 2) else "verified"
            for measure, quantity in (("local_jobs", "1"), ("apprentice_weeks", "13"), ("volunteering", "25")):
                if (year, q) == (2019, 3) and measure == "apprentice_weeks":
                    first.append(
                        _return_line("SC-001", measure, label, "20", submitted, "rejected", "", "no timesheets")
                    )
                    second.append(_return_line("SC-001", measure, label, "13", submitted + dt.timedelta(days=20),
                                               "verified", "13", "timesheets sent"))  # fmt: skip
                    continue
                verified = quantity if status == "verified" else ""
                first.append(_return_line("SC-001", measure, label, quantity, submitted, status, verified, ""))
        for year, q in quarters[2:10]:  # SC-002: 2019/20 Q3 to 2021/22 Q2, on time; the last pending, one rejected
            label, ends = _quarter(year, q)
            for measure, quantity, verified in (("co2_tonnes", "6", "5"), ("local_jobs", "0.5", "0.5")):
                status = "pending" if (year, q) == (2021, 2) else "verified"
                if (year, q, measure) == (2020, 1, "local_jobs"):
                    status, verified = "rejected", ""
                first.append(_return_line("SC-002", measure, label, quantity, ends + dt.timedelta(days=14), status,
                                          verified if status == "verified" else "", ""))  # fmt: skip
        first.append(_return_line("SC-999", "local_jobs", "2019/20 Q1", "1", dt.date(2019, 7, 10), "pending", "", ""))
        self.sample.files["returns/2019-2022.csv"] = ("\n".join(first) + "\n").encode()
        self.sample.files["returns/resubmitted.csv"] = ("\n".join(second) + "\n").encode()

    def supply_chain_files(self) -> None:
        """The SYNTHETIC re-spend surveys (a home, a region and an elsewhere supplier for 2019/20, the home one again
        for 2020/21; a line whose shares add up to more than 1) and declared subcontracts (to a home, a region and an
        elsewhere subcontractor, one for a contract of the register, one against a supplier the ledger does not
        know)."""
        home = next(s for s in self.sample.suppliers if s.ring == "home" and s.office == "home" and s.supplier_id)
        region = next(s for s in self.sample.suppliers if s.ring == "region" and s.postcode and s.supplier_id)
        away = next(s for s in self.sample.suppliers if s.ring == "elsewhere" and s.postcode and s.supplier_id)
        answers = [
            (home, "2019/20", ("0.55", "0.7", "0.2", "0.3", "0.4", "0.3")),
            (home, "2020/21", ("0.5", "0.75", "0.15", "0.35", "0.45", "0.25")),
            (region, "2019/20", ("0.45", "0.2", "0.6", "0.35", "0.1", "0.5")),
            (away, "2019/20", ("0.6", "0.05", "0.1", "0.25", "0.02", "0.08")),
        ]
        lines = ["supplier_id,supplier_name,fiscal_year,staff_share,staff_home_share,staff_region_share,"
                 "purchases_share,purchases_home_share,purchases_region_share"]  # fmt: skip
        for supplier, year, shares in answers:
            lines.append(",".join([supplier.supplier_id, _csv_field(supplier.name), year, *shares]))
            self.sample.surveys[(supplier.supplier_id, year)] = shares
        lines.append(f"{away.supplier_id},,2020/21,0.7,0.1,0.1,0.5,0.1,0.1")  # staff and purchases above 1
        self.sample.files["supplier_surveys.csv"] = ("\n".join(lines) + "\n").encode()
        subcontracts = [
            ("", home.supplier_id, "", "Synthetic Local Scaffolding Ltd", home.postcode, "15000.00", "2019/20"),
            ("SC-001", "", "", "Synthetic Sheffield Drainage Ltd", region.postcode, "42000.00", "2019/20"),
            ("", away.supplier_id, "", "Synthetic Distant Steel Ltd", away.postcode, "8000.00", "2019/20"),
            ("", "", "Nobody We Pay Ltd", "Synthetic Orphan Ltd", home.postcode, "500.00", "2019/20"),
        ]
        lines = ["contract_id,supplier_id,supplier_name,subcontractor_name,postcode,amount,fiscal_year"]
        lines += [",".join(_csv_field(f) for f in row) for row in subcontracts]
        self.sample.files["subcontracts.csv"] = ("\n".join(lines) + "\n").encode()

    def reference_files(self) -> None:
        """The SYNTHETIC Companies House file and boundary boxes."""
        self.sample.files["companies_house.csv"] = basic_company_data(self.sample.companies)
        features = [
            {"type": "Feature", "properties": {"LAD13CD": code, "LAD13NM": f"SYNTHETIC box for {code}"},
             "geometry": {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}}
            for code, (x0, y0, x1, y1) in BOXES.items()
        ]  # fmt: skip
        collection = {"type": "FeatureCollection", "name": "SYNTHETIC boundary boxes, not real districts",
                      "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
                      "features": features}  # fmt: skip
        self.sample.files["boundaries/synthetic_lad_boxes.geojson"] = (json.dumps(collection, indent=1) + "\n").encode()

    def directory_files(self) -> None:
        for vintage, folder in (("2025", "codepo_gb_2025-10"), ("2018", "codepo_gb_2018-07")):
            by_area: dict[str, list[str]] = {}
            for postcode, (lad, _) in sorted(self.directory[vintage].items()):
                area = "".join(c for c in postcode.split()[0] if c.isalpha()).lower()
                by_area.setdefault(area, []).append(_codepoint_line(postcode, lad, vintage == "2018", self.rng))
            by_area["qe"] = [
                f'"{pc}",10,440000,390000,"E92000001","","","","{lad}",""' for pc, lad in QUIET_DISTRICTS.items()
            ]
            for area, rows in by_area.items():
                self.sample.files[f"postcodes/{folder}/Data/CSV/{area}.csv"] = ("\r\n".join(rows) + "\r\n").encode()
            self.sample.files[f"postcodes/{folder}/Doc/Code-Point_Open_Column_Headers.csv"] = (
                b"PC,PQ,EA,NO,CY,RH,LH,CC,DC,WC\r\nPostcode,Positional_quality_indicator,Eastings,Northings,"
                b"Country_code,NHS_regional_HA_code,NHS_HA_code,Admin_county_code,Admin_district_code,"
                b"Admin_ward_code\r\n"
            )

    # Ledger -----------------------------------------------------------------------------------------------------

    def _payee(self) -> tuple[str, str, str, str, str, str | None]:
        """(name as the ledger writes it, supplier id or '', ring the pipeline must find, ring by office alone,
        supplier type, the party it must be linked to)."""
        roll = self.rng.random()
        if roll < 0.04:
            name = self.rng.choice(["REDACTED PERSONAL DATA", "Redacted", "Personal data withheld"])
            return name, "", "unknown", "unknown", "individual", None
        if roll < 0.07:  # not in the supplier file; some are in the Companies House file (CICs), with a home office
            word = self.rng.choice(WORDS)
            if word in REGISTERED_ASSOCIATIONS:
                number = f"1100000{REGISTERED_ASSOCIATIONS.index(word) + 1}"
                return f"{word} Community Association", "", "home", "home", "vcse", f"C{number}"
            return f"{word} Community Association", "", "unknown", "unknown", "unknown", None
        if roll < 0.08:  # matches two suppliers by name, in different rings
            return "Copperfield Print Ltd.", "", "unknown", "unknown", "unknown", None
        supplier = self.rng.choice(self.sample.suppliers)
        if self.rng.random() < 0.5:
            return (supplier.name, supplier.supplier_id, supplier.ring, supplier.office, supplier.supplier_type,
                    supplier.supplier_id)  # fmt: skip
        variant = self.rng.choice([str.upper, lambda s: s.replace("Ltd", "Limited"), lambda s: s.replace("&", "and"),
                                   lambda s: f"{s}.", lambda s: s.replace(" ", "  ", 1)])  # fmt: skip
        if supplier.name.upper().startswith("COPPERFIELD PRINT"):
            return variant(supplier.name), "", "unknown", "unknown", "unknown", None  # ambiguous
        return (variant(supplier.name), "", supplier.ring, supplier.office, supplier.supplier_type,
                supplier.supplier_id)  # fmt: skip

    def _amount(self) -> int:
        large = self.rng.random() >= 0.9
        pence = self.rng.randint(2_500_000, 9_000_000) if large else self.rng.randint(50_000, 2_500_000)
        return -self.rng.randint(5_000, 200_000) if self.rng.random() < 0.05 else pence

    def ledger(self) -> None:
        for offset in range(YEARS):
            for month_index in range(12):
                year, month = FIRST_YEAR + offset + (month_index + 3) // 12, (month_index + 3) % 12 + 1
                self._month(offset, year, month)

    def _month(self, offset: int, year: int, month: int) -> None:
        name = f"ledger/{year}-{month:02d}.csv"
        header = LAYOUTS[offset]
        lines: list[str] = [",".join(header)]
        expected = self.sample.expected_rows
        rng = self.rng
        serial_dates = (year, month) == (2021, 6)
        trailing_minus = (year, month) == (2022, 1)

        def date_text(day: dt.date) -> str:
            if serial_dates:
                return str((day - dt.date(1899, 12, 30)).days)
            return {0: day.isoformat(), 1: day.strftime("%d/%m/%Y"), 2: f"{day.isoformat()} 00:00:00",
                    3: day.strftime("%d/%m/%Y")}[offset]  # fmt: skip

        def amount_text(pence: int) -> str:
            if offset == 1:
                text = f"£{abs(pence) / 100:,.2f}"
                return f"({text[1:]})" if pence < 0 else text
            if trailing_minus and pence < 0:
                return f"{_pounds(-pence)}-"
            if offset == 2 and rng.random() < 0.2 and pence > 0:
                return repr(pence / 100 + 1e-9 * (1 if rng.random() < 0.5 else -1))[:18]  # float artefact
            return _pounds(pence)

        def row(
            day: dt.date, payee: str, supplier_id: str, amount: str, expense: str, draw: random.Random = rng
        ) -> list[str]:
            number, department = f"T{year}{month:02d}{len(lines):04d}", draw.choice(_DEPARTMENTS)
            values = {
                0: [BODY, date_text(day), number, amount, payee, supplier_id, department, expense],
                1: [BODY, date_text(day), number, amount, payee, supplier_id, department, expense],
                2: [date_text(day), number, GROSS, amount, payee, supplier_id, department, expense],
                3: [date_text(day), payee, supplier_id, amount, department, expense],
            }[offset]
            return [_csv_field(v) for v in values]

        def emit(fields: list[str], outcome: ExpectedRow) -> None:
            outcome.source_line = sum(1 + line.count("\n") for line in lines) + 1
            lines.append(",".join(fields))
            expected.append(outcome)

        days = calendar.monthrange(year, month)[1]
        for _ in range(rng.randint(62, 78)):
            day = dt.date(year, month, rng.randint(1, days))
            payee, supplier_id, ring, office_ring, supplier_type, party = self._payee()
            pence = self._amount()
            fields = row(day, payee, supplier_id, amount_text(pence), rng.choice(_EXPENSE_TYPES))
            if rng.random() < 0.05:
                fields += ["", ""]  # trailing empty fields: kept
            emit(fields, ExpectedRow(name, 0, True, pence, fiscal_year(day), ring, office_ring=office_ring,
                                     supplier_type=supplier_type, party=party))  # fmt: skip
            if rng.random() < 0.02:
                lines.append("")  # blank line: not a row

        # Mess with a known outcome, a little in every file and more in some.
        day = dt.date(year, month, 15)
        supplier = self.sample.suppliers[month % len(RING_SIZES)]
        fields = row(day, supplier.name, supplier.supplier_id, _pounds(12_345), "Line one of a note\nline two")
        emit(fields, ExpectedRow(name, 0, True, 12_345, fiscal_year(day), supplier.ring, office_ring=supplier.office,
                                 supplier_type=supplier.supplier_type,
                                 party=supplier.supplier_id))  # a record on two lines  # fmt: skip
        if month == 7:
            emit(row(day, supplier.name, supplier.supplier_id, "TBC", "Building Repairs"),
                 ExpectedRow(name, 0, False, None, reason="amount 'TBC' does not parse"))  # fmt: skip
        if month == 8:
            bad_day = row(day, supplier.name, supplier.supplier_id, _pounds(5_000), "Building Repairs")
            bad_day[header.index(next(h for h in header if "Date" in h))] = "31/02/2019"
            emit(bad_day, ExpectedRow(name, 0, False, 5_000, reason="date '31/02/2019' does not parse"))
        if month == 9:
            emit(row(day, supplier.name, supplier.supplier_id, "", "Building Repairs"),
                 ExpectedRow(name, 0, False, None, reason="amount is empty"))  # fmt: skip
        if month == 10:
            extra = [*row(day, supplier.name, supplier.supplier_id, _pounds(7_700), "Training Costs"), "", "LATE"]
            emit(extra, ExpectedRow(name, 0, False, 7_700, reason="row has"))
        if month == 3:
            total = sum(r.pence for r in expected if r.source_file == name and r.loaded)
            footer = [""] * len(header)
            footer[next(header.index(h) for h in ("Net Amount", "Amount", "Net") if h in header)] = _pounds(total)
            footer[-1] = "TOTAL"
            emit(footer, ExpectedRow(name, 0, False, total, reason="date is empty"))
        # The policy's payees, at the end of every file, from their own generator.
        for _ in range(self.policy_rng.randint(2, 4)):
            supplier, expense, exclusion = self.policy_rng.choice(self.policy_payees)
            # the Foxglove supplier is named alone: the name is its twin's too
            supplier_id = "" if supplier.name.startswith("Foxglove") else supplier.supplier_id
            day = dt.date(year, month, self.policy_rng.randint(1, days))
            pence = self.policy_rng.randint(100_000, 4_000_000)
            fields = row(day, supplier.name, supplier_id, _pounds(pence), expense, self.policy_rng)
            emit(fields, ExpectedRow(name, 0, True, pence, fiscal_year(day), supplier.ring,
                                     supplier_type=supplier.supplier_type, exclusion=exclusion,
                                     party=supplier_id or None))  # fmt: skip
        text = "\r\n".join(lines) + "\r\n"
        encoding = "cp1252" if (year, month) == (2019, 11) else "utf-8"
        self.sample.files[name] = ("\ufeff" if (year, month) == (2018, 4) else "").encode() + text.encode(encoding)


SAMPLE_FRAMEWORK = """\
# SYNTHETIC social value framework: the policy's six outcomes, with INVENTED measures and INVENTED proxy values in £
# per unit (not the National TOMs', which are licensed). training_courses has no proxy: counted in units only.
outcomes:
  - {id: living_standards, title: Raising living standards}
  - {id: local_economy, title: "A strong local economy: employment, skills and a growing business base"}
  - {id: young_people, title: Young people developing skills and finding work}
  - {id: equality, title: "Equality of opportunity for disadvantaged people and communities, including disabled people"}
  - {id: communities, title: Strengthened community and voluntary organisations}
  - {id: environment, title: "Greater environmental sustainability, including accessible green spaces"}
measures:
  - {id: local_jobs, outcome: local_economy, title: Local people employed (INVENTED), unit: FTE, proxy_value: 1000}
  - {id: apprentice_weeks, outcome: young_people, title: Apprenticeship weeks (INVENTED), unit: weeks, proxy_value: 250}
  - {id: volunteering, outcome: communities, title: Volunteering hours (INVENTED), unit: hours, proxy_value: 15}
  - {id: co2_tonnes, outcome: environment, title: Carbon saved (INVENTED), unit: tonnes CO2e, proxy_value: 100}
  - {id: training_courses, outcome: equality, title: Courses for disabled people (INVENTED), unit: courses}
"""

SAMPLE_README = """\
# SYNTHETIC SAMPLE DATA: not a real council

Everything in this folder is invented by `tooling/sample.py` (run `spend sample` to rewrite it; the output is
identical every time). Supplier names, payments, transaction numbers and postcodes are fictional: the postcodes use
areas starting with Q, which no real UK postcode has. Only the LAD codes are real (Rotherham, E08000018, and the
Sheffield City Region), so that the sample exercises the same configuration a real analysis uses.

- `analysis.yaml`: the analysis configuration (`make demo` runs it).
- `ledger/YYYY-MM.csv`: 48 monthly spend files, April 2018 to March 2022, in four header layouts, with realistic mess;
  each ends with a few payments to the payees the influenceable rules and supplier types are about (invented public
  bodies, a pension fund, a drainage board's levy, charities, two home suppliers sharing a name).
- `landing/`: empty but for a note; ledger files dropped here join the ledger (the Dagster sensor watches it).
- `suppliers.csv`: the supplier master (name, id, postcode, country, company number, local site, coordinates, and
  for some a declared supplier type, size or charity number).
- `companies_house.csv`: a SYNTHETIC Companies House file in BasicCompanyData's layout (three invented companies,
  two of them community interest companies).
- `living_wage_employers.csv`: a SYNTHETIC list of accredited Living Wage employers (two home suppliers by name,
  one supplier by company number under another name, an employer no payee matches, a line with no date).
- `quotations.csv`: SYNTHETIC written quotation exercises, one line per invited supplier: compliant by a home or a
  region invitee, a breach, one that cannot be judged (an invitee no directory places), a supplier invited twice.
- `social_value_framework.yaml`, `contracts.csv`, `commitments.csv`, `returns/`: a SYNTHETIC framework (the
  policy's six outcomes, INVENTED measures and proxies), contracts register, commitments and quarterly returns:
  returns verified, rejected and resubmitted, pending, late and missing; a contract over £100,000 with no commitment.
- `supplier_surveys.csv`, `subcontracts.csv`: SYNTHETIC re-spend surveys of three suppliers (shares of their income
  on staff and purchases, and where) and subcontracts they declare: LM3 and the supply-chain flows.
- `boundaries/synthetic_lad_boxes.geojson`: SYNTHETIC boundary boxes in EPSG:27700 labelled with real LAD codes;
  not the districts' shapes. They place the one supplier known by coordinates and the one postcode the directory
  gives no district.
- `postcodes/codepo_gb_2025-10/`, `postcodes/codepo_gb_2018-07/`: synthetic postcode directories in OS Code-Point
  Open layout (`Data/CSV/<area>.csv`, no header row, ten columns), newest first in the configuration.
"""

LANDING_README = """\
# Landing folder (synthetic sample)

Drop a new month's ledger file here (CSV, text, .xlsx or .ods) while `make dev` runs: the `landing_sensor` starts
the `spend` job, which parses only the new file. Its rows join the ledger like those of `../ledger/`. Nothing here
is committed but this note.
"""

SAMPLE_CONFIG = """\
# SYNTHETIC sample analysis: invented suppliers and payments, placed with Rotherham's real LAD codes.
council_name: Sample Borough Council (synthetic data, Rotherham's places)
home_lad_codes: [E08000018]
region_name: Sheffield City Region
region_lad_codes: [{region}]
ledger: [ledger/*.csv]
landing: landing          # new monthly files dropped here are picked up by the Dagster sensor
suppliers: suppliers.csv
postcode_directories: [postcodes/codepo_gb_2025-10, postcodes/codepo_gb_2018-07]   # newest first
boundaries: [boundaries/synthetic_lad_boxes.geojson]   # SYNTHETIC boxes, not real district shapes
companies_house: companies_house.csv                   # SYNTHETIC, in BasicCompanyData's layout
living_wage: living_wage_employers.csv    # SYNTHETIC accredited Living Wage employers (name, company number, date)
quotations: quotations.csv                # SYNTHETIC written quotation exercises, one line per invited supplier
social_value:             # SYNTHETIC contracts, framework (invented measures and proxies), commitments, returns
  threshold: 100000       # contracts above this must carry commitments (the policy's £100,000)
  framework: social_value_framework.yaml
  contracts: contracts.csv
  commitments: commitments.csv
  returns: [returns/*.csv]
supply_chain:             # SYNTHETIC re-spend surveys and declared subcontracts: LM3 and the flows
  surveys: supplier_surveys.csv
  subcontracts: subcontracts.csv
  non_respondents: exclude   # or category_average, overall_average: how LM3 treats suppliers not surveyed
supplier_matching: {{accept_score: 95, review_score: 80, decisions: supplier_match_decisions.csv}}
influenceable:            # what the council cannot steer: left out of the influenceable base (first rule that matches)
  exclude:
    - {{name: public bodies, supplier_type: public_body}}
    - {{name: precepts and levies, expense_type: "(?i)precept|levy"}}
    - {{name: tax and pensions, supplier_name: "(?i)hmrc|revenue and customs|pension fund"}}
top_suppliers: 20         # CLES ranks the top 300; the sample has fewer than 100 suppliers
baseline_year: "2019/20"
targets:                  # each series: a measure on a base, as shares or as points over the baseline's actual share
  - {{measure: home_share, base: all, shares: {{"2020/21": 0.42, "2021/22": 0.45}}}}
  - {{measure: home_and_region_share, base: influenceable, points_over_baseline: {{"2021/22": 4}}}}  # 2020/21: between
years_close_on: "06-30"   # a year closes on 30 June after its 31 March: the first run after freezes its figures
refresh_schedule: "0 6 5 * *"   # the monthly_refresh schedule: 06:00 UK time on the 5th of each month (cron)
warehouse: out/spend.duckdb
"""


def build_sample() -> Sample:
    """Every file of the sample, in memory, with what the pipeline must make of each ledger row."""
    builder = _Builder()
    builder.filler_postcodes()
    builder.suppliers()
    builder.ledger()
    builder.supplier_file()
    builder.reference_files()
    builder.living_wage_file()
    builder.quotations_file()
    builder.social_value_files()
    builder.supply_chain_files()
    builder.directory_files()
    sample = builder.sample
    sample.files["README.md"] = SAMPLE_README.encode()
    sample.files["landing/README.md"] = LANDING_README.encode()
    sample.files["analysis.yaml"] = SAMPLE_CONFIG.format(region=", ".join(REGION_LADS)).encode()
    return sample


def write_sample(out: Path) -> Sample:
    sample = build_sample()
    write_files(out, sample.files)
    return sample


def write_files(out: Path, files: dict[str, bytes]) -> None:
    for relative, content in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
