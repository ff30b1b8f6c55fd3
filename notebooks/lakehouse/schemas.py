"""Table contracts for the Olist-shaped e-commerce data set.

Column names follow the public Brazilian e-commerce (Olist) tables, including their original
spellings (``product_name_lenght``). ``SILVER_TYPES`` is the typed contract of each silver
table; ``KEYS`` the business key used for de-duplication; ``SCHEMA_HINTS`` the Auto Loader
hints that pin types inference would otherwise get wrong (zip prefixes with leading zeros,
prices that happen to be whole numbers, ...).
"""

from __future__ import annotations

TABLES: tuple[str, ...] = ("orders", "order_items", "customers", "products", "payments", "reviews")

SILVER_TYPES: dict[str, dict[str, str]] = {
    "orders": {
        "order_id": "string",
        "customer_id": "string",
        "order_status": "string",
        "order_purchase_timestamp": "timestamp",
        "order_approved_at": "timestamp",
        "order_delivered_carrier_date": "timestamp",
        "order_delivered_customer_date": "timestamp",
        "order_estimated_delivery_date": "timestamp",
    },
    "order_items": {
        "order_id": "string",
        "order_item_id": "int",
        "product_id": "string",
        "seller_id": "string",
        "shipping_limit_date": "timestamp",
        "price": "double",
        "freight_value": "double",
    },
    "customers": {
        "customer_id": "string",
        "customer_unique_id": "string",
        "customer_zip_code_prefix": "string",
        "customer_city": "string",
        "customer_state": "string",
    },
    "products": {
        "product_id": "string",
        "product_category_name": "string",
        "product_name_lenght": "int",
        "product_description_lenght": "int",
        "product_photos_qty": "int",
        "product_weight_g": "double",
        "product_length_cm": "double",
        "product_height_cm": "double",
        "product_width_cm": "double",
    },
    "payments": {
        "order_id": "string",
        "payment_sequential": "int",
        "payment_type": "string",
        "payment_installments": "int",
        "payment_value": "double",
    },
    "reviews": {
        "review_id": "string",
        "order_id": "string",
        "review_score": "int",
        "review_comment_title": "string",
        "review_comment_message": "string",
        "review_creation_date": "timestamp",
        "review_answer_timestamp": "timestamp",
    },
}

KEYS: dict[str, tuple[str, ...]] = {
    "orders": ("order_id",),
    "order_items": ("order_id", "order_item_id"),
    "customers": ("customer_id",),
    "products": ("product_id",),
    "payments": ("order_id", "payment_sequential"),
    "reviews": ("review_id", "order_id"),
}

ORDER_STATUSES: tuple[str, ...] = (
    "created",
    "approved",
    "invoiced",
    "processing",
    "shipped",
    "delivered",
    "canceled",
    "unavailable",
)
PAYMENT_TYPES: tuple[str, ...] = ("credit_card", "boleto", "voucher", "debit_card", "not_defined")
BRAZIL_STATES: tuple[str, ...] = (
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
    "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
)  # fmt: skip

# Types Auto Loader must not infer on its own. Timestamps stay strings in bronze and are
# typed in silver, so a malformed date never blocks ingestion.
_HINT_TYPES = {"int": "INT", "double": "DOUBLE"}


def schema_hints(table: str) -> str:
    """Auto Loader ``cloudFiles.schemaHints`` for one table, e.g. ``"price DOUBLE, ..."``."""
    cols = SILVER_TYPES[table]
    hints = [f"{name} {_HINT_TYPES[t]}" for name, t in cols.items() if t in _HINT_TYPES]
    hints += [f"{name} STRING" for name in cols if name.endswith("zip_code_prefix")]
    return ", ".join(hints)
