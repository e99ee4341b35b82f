from assets.staging.ledger_layouts import normalise_header, resolve_layout

DEVON = "Body,Name of Body,Date,Transaction Number,Invoice Number,Amount,Supplier Name,Supplier ID,Vat Reg No,Expense Area,Expense Type,Expense Code,Creditor Type"  # noqa: E501
CALDERDALE = "Body,Organisation Name,Date,Internal Ref Number,Invoice Number,Net Amount,Irrecoverable VAT,Supplier(Beneficiary) Name,Supplier Registered Company Number,Supplier Registered Charity Number,Supplier ID,VAT Registration Number,Expense Area,Procurement Classification: Council's Procurement Category Name,Expense Code,BVACOP,Proclass,Extended Description,Source,Subsource,Definition,Purpose of Spend (Summary)"  # noqa: E501
SHEFFIELD = "Payment Date,Amount,Organisational Unit,Beneficiary Name,Company Number,Charity Number"


def columns(header: str, overrides=None) -> dict[str, str | None]:
    headers = header.split(",")
    layout = resolve_layout(headers, overrides or {})
    return {field: headers[i - 1] if i else None for field, i in layout.columns.items()}


def test_real_layouts_resolve_without_configuration():
    assert columns(DEVON) == {
        "date": "Date", "amount": "Amount", "supplier_name": "Supplier Name", "supplier_id": "Supplier ID",
        "transaction_number": "Transaction Number", "department": "Expense Area", "expense_type": "Expense Type",
        "category": None, "company_number": None, "charity_number": None,
    }  # fmt: skip
    assert columns(CALDERDALE) == {
        "date": "Date", "amount": "Net Amount", "supplier_name": "Supplier(Beneficiary) Name",
        "supplier_id": "Supplier ID", "transaction_number": "Internal Ref Number", "department": "Expense Area",
        "expense_type": "Purpose of Spend (Summary)",
        "category": "Procurement Classification: Council's Procurement Category Name",
        "company_number": "Supplier Registered Company Number",
        "charity_number": "Supplier Registered Charity Number",
    }  # fmt: skip
    assert columns(SHEFFIELD) == {
        "date": "Payment Date", "amount": "Amount", "supplier_name": "Beneficiary Name", "supplier_id": None,
        "transaction_number": None, "department": "Organisational Unit", "expense_type": None, "category": None,
        "company_number": "Company Number", "charity_number": "Charity Number",
    }  # fmt: skip


def test_net_is_preferred_to_gross_and_synonyms_ignore_case_and_punctuation():
    chosen = columns("date paid,GROSS AMOUNT,Total (excludes VAT),Vendor Name")
    assert (chosen["date"], chosen["amount"], chosen["supplier_name"]) == (
        "date paid",
        "Total (excludes VAT)",
        "Vendor Name",
    )
    assert normalise_header("\ufeffSupplier(Beneficiary) Name") == "supplier beneficiary name"


def test_configured_headers_come_first_and_missing_fields_are_named():
    assert (
        columns("When,Cost,Amount,Who", {"date": ["When"], "amount": ["Cost"], "supplier_name": ["Who"]})["amount"]
        == "Cost"
    )
    layout = resolve_layout(["When", "Cost"], {})
    assert layout.missing == ("date", "amount", "supplier_name")
    assert layout.problem("When,Cost", 30) == (
        "no line among its first 30 names a column for each of date, amount, supplier_name (split at commas, "
        "semicolons, tabs or bars); its first line reads 'When,Cost': if its header names these columns otherwise, "
        "add those names to ledger_columns in the analysis file"
    )
