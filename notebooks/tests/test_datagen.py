from collections import Counter

from lakehouse.datagen import generate_rows, write_landing
from lakehouse.schemas import SILVER_TYPES, TABLES


def test_same_seed_same_sample_and_olist_columns():
    a = generate_rows(200, seed=11)
    b = generate_rows(200, seed=11)
    c = generate_rows(200, seed=12)
    assert a == b
    assert a["orders"] != c["orders"]
    for table in TABLES:
        assert a[table], table
        assert set(a[table][0]) == set(SILVER_TYPES[table]), table


def test_referential_integrity_and_shape():
    rows = generate_rows(500, seed=3)
    order_ids = {o["order_id"] for o in rows["orders"]}
    customer_ids = {c["customer_id"] for c in rows["customers"]}
    product_ids = {p["product_id"] for p in rows["products"]}
    assert len(order_ids) == 500
    assert {o["customer_id"] for o in rows["orders"]} == customer_ids
    assert {i["order_id"] for i in rows["order_items"]} <= order_ids
    assert {i["product_id"] for i in rows["order_items"]} <= product_ids
    assert {p["order_id"] for p in rows["payments"]} == order_ids
    statuses = Counter(o["order_status"] for o in rows["orders"])
    assert statuses.most_common(1)[0][0] == "delivered"
    # zip prefixes keep their leading zeros (they are strings)
    assert all(
        isinstance(c["customer_zip_code_prefix"], str) and len(c["customer_zip_code_prefix"]) == 5 for c in rows["customers"]
    )


def test_planted_signal_late_orders_get_worse_reviews():
    rows = generate_rows(6000, seed=5)
    orders = {o["order_id"]: o for o in rows["orders"]}
    late, on_time = [], []
    for review in rows["reviews"]:
        order = orders[review["order_id"]]
        if order["order_status"] != "delivered":
            continue
        is_late = order["order_delivered_customer_date"] > order["order_estimated_delivery_date"]
        (late if is_late else on_time).append(review["review_score"] <= 2)
    assert 0.03 < len(late) / (len(late) + len(on_time)) < 0.2
    assert sum(late) / len(late) > 2.5 * sum(on_time) / len(on_time)


def test_write_landing_splits_files_and_counts_rows(tmp_path):
    counts = write_landing(str(tmp_path), 90, seed=1, files_per_table=3, file_prefix="b1")
    assert counts["orders"] == 90
    order_files = sorted(p.name for p in (tmp_path / "orders").iterdir())
    assert order_files == ["b1-00000.json", "b1-00001.json", "b1-00002.json"]
    lines = sum(len(p.read_text().splitlines()) for p in (tmp_path / "orders").iterdir())
    assert lines == 90
    for table in TABLES:
        assert sum(len(p.read_text().splitlines()) for p in (tmp_path / table).iterdir()) == counts[table]
