"""The one rule linking a supplier that a register names (a contract's, a survey's, a subcontract's) to a party:
as ledger payees are linked, so that a register and the ledger speak of the same supplier."""

import duckdb

from core.sql import sql_beside


def link_parties(con: duckdb.DuckDBPyConnection, table: str, register_suppliers: str) -> None:
    """Temp table `table` (register_key, party_id, link_method) for the suppliers `register_suppliers` selects
    (register_key, supplier_id, name_key, company_number_key); a supplier no rule finds has no row."""
    con.execute(f"CREATE OR REPLACE TEMP VIEW register_suppliers AS {register_suppliers}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql_beside(__file__, 'steps/register_parties')}")


def link_contract_parties(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Temp table `table` (register_key: the contract id, party_id, link_method) for the contracts register."""
    link_parties(
        con, table, "SELECT contract_id AS register_key, supplier_id, name_key, company_number_key FROM contracts"
    )
