"""The national run: many councils' analyses at once (a partition per council) and the tables that compare them."""
