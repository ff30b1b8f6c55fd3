"""Seeded generator of an Olist-shaped e-commerce sample of any size.

The six tables (orders, order_items, customers, products, payments, reviews) keep the
public Olist column names and value formats (``"2017-10-02 10:56:33"`` timestamps,
Portuguese category names, Brazilian state codes). A signal is planted for the review
model: late deliveries, long delays and expensive freight make a 1-2 star review much more
likely, so ``label = review_score <= 2`` is learnable from delivery and freight features.

Output either as JSON Lines files in a landing folder (what Auto Loader picks up) or as
Spark DataFrames / Python rows for tests.
"""

from __future__ import annotations

import json
import math
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lakehouse.schemas import SILVER_TYPES, TABLES

# state -> (share of customers, typical delivery days from the SP-centred seller base)
STATES: dict[str, tuple[float, float]] = {
    "SP": (0.42, 6.0), "RJ": (0.13, 11.0), "MG": (0.12, 9.5), "RS": (0.055, 12.0),
    "PR": (0.05, 9.0), "SC": (0.037, 11.5), "BA": (0.034, 15.0), "DF": (0.021, 10.0),
    "ES": (0.02, 12.5), "GO": (0.02, 12.0), "PE": (0.017, 16.0), "CE": (0.013, 18.5),
    "PA": (0.01, 21.0), "MT": (0.009, 15.5), "MA": (0.0075, 19.5), "MS": (0.0072, 12.5),
    "PB": (0.0054, 17.5), "PI": (0.005, 17.5), "RN": (0.0049, 17.0), "AL": (0.0041, 20.0),
    "SE": (0.0035, 19.0), "TO": (0.0028, 15.0), "RO": (0.0025, 17.0), "AM": (0.0015, 24.0),
    "AC": (0.0008, 19.0), "AP": (0.0007, 24.5), "RR": (0.0005, 26.0),
}  # fmt: skip

CITIES: dict[str, tuple[str, ...]] = {
    "SP": ("sao paulo", "campinas", "guarulhos", "santo andre", "sorocaba"),
    "RJ": ("rio de janeiro", "niteroi", "nova iguacu"),
    "MG": ("belo horizonte", "uberlandia", "juiz de fora"),
    "RS": ("porto alegre", "caxias do sul"),
    "PR": ("curitiba", "londrina", "maringa"),
    "BA": ("salvador", "feira de santana"),
}

# category -> (share of products, median price BRL, median weight g)
CATEGORIES: dict[str, tuple[float, float, float]] = {
    "cama_mesa_banho": (0.10, 75.0, 1800.0),
    "beleza_saude": (0.09, 110.0, 900.0),
    "esporte_lazer": (0.08, 95.0, 1400.0),
    "moveis_decoracao": (0.08, 85.0, 3500.0),
    "informatica_acessorios": (0.07, 120.0, 900.0),
    "utilidades_domesticas": (0.07, 70.0, 2200.0),
    "relogios_presentes": (0.05, 190.0, 500.0),
    "telefonia": (0.045, 60.0, 300.0),
    "ferramentas_jardim": (0.04, 100.0, 2500.0),
    "automotivo": (0.04, 120.0, 2000.0),
    "brinquedos": (0.04, 90.0, 1200.0),
    "cool_stuff": (0.035, 150.0, 1800.0),
    "perfumaria": (0.035, 100.0, 600.0),
    "bebes": (0.03, 110.0, 2500.0),
    "eletronicos": (0.025, 80.0, 500.0),
    "papelaria": (0.025, 60.0, 800.0),
    "eletrodomesticos": (0.02, 180.0, 6000.0),
    "pet_shop": (0.02, 70.0, 2500.0),
    "moveis_escritorio": (0.015, 220.0, 12000.0),
    "instrumentos_musicais": (0.01, 280.0, 3500.0),
}

PAYMENT_WEIGHTS = {"credit_card": 0.74, "boleto": 0.19, "voucher": 0.045, "debit_card": 0.025}
STATUS_WEIGHTS = {
    "delivered": 0.965, "shipped": 0.011, "canceled": 0.007, "unavailable": 0.006,
    "invoiced": 0.004, "processing": 0.004, "approved": 0.002, "created": 0.001,
}  # fmt: skip

TS_FORMAT = "%Y-%m-%d %H:%M:%S"
COLUMNS: dict[str, list[str]] = {t: list(SILVER_TYPES[t]) for t in TABLES}


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _ts(value: datetime | None) -> str | None:
    return None if value is None else value.strftime(TS_FORMAT)


def _cumulative(weights: dict[str, float]) -> tuple[list[str], list[float]]:
    keys = list(weights)
    total, cum = 0.0, []
    for k in keys:
        total += weights[k]
        cum.append(total)
    return keys, [c / total for c in cum]


@dataclass
class GeneratorConfig:
    n_orders: int = 1000
    seed: int = 42
    start: datetime = datetime(2017, 1, 1)
    days: int = 600
    repeat_customer_rate: float = 0.03
    duplicate_rate: float = 0.0  # exact re-deliveries of a row (at-least-once landing)
    invalid_rate: float = 0.0  # rows that break a silver rule (null key, bad score, ...)
    tables: tuple[str, ...] = field(default_factory=lambda: TABLES)


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def low_review_logit(is_late: bool, delay_days: float, freight_ratio: float, n_items: int) -> float:
    """The planted ground truth: log-odds of a 1-2 star review for a delivered order."""
    return -3.4 + 2.6 * is_late + 0.1 * min(max(delay_days, 0.0), 30.0) + 3.2 * min(freight_ratio, 1.0) + 0.4 * (n_items > 1)


class OlistGenerator:
    """Streams per-order bundles of rows; memory stays flat at any size."""

    def __init__(self, config: GeneratorConfig) -> None:
        self.cfg = config
        self.rng = random.Random(config.seed)
        self._states, self._state_cum = _cumulative({k: v[0] for k, v in STATES.items()})
        self._pay, self._pay_cum = _cumulative(PAYMENT_WEIGHTS)
        self._status, self._status_cum = _cumulative(STATUS_WEIGHTS)
        self._build_catalogue()
        self._known_customers: list[tuple[str, str, str, str]] = []

    def _pick(self, keys: list[str], cum: list[float]) -> str:
        r = self.rng.random()
        lo, hi = 0, len(cum) - 1
        while lo < hi:  # binary search in the cumulative weights
            mid = (lo + hi) // 2
            if cum[mid] < r:
                lo = mid + 1
            else:
                hi = mid
        return keys[lo]

    def _build_catalogue(self) -> None:
        rng = self.rng
        n_products = max(30, min(32_000, self.cfg.n_orders // 3))
        n_sellers = max(10, min(3_000, self.cfg.n_orders // 30))
        cats, cat_cum = _cumulative({k: v[0] for k, v in CATEGORIES.items()})
        self.sellers = [_hex_id(rng) for _ in range(n_sellers)]
        self.products: list[dict] = []
        for _ in range(n_products):
            cat = self._pick(cats, cat_cum)
            _, price, weight = CATEGORIES[cat]
            w = round(weight * rng.lognormvariate(0.0, 0.6))
            self.products.append(
                {
                    "product_id": _hex_id(rng),
                    "product_category_name": cat if rng.random() > 0.015 else None,
                    "product_name_lenght": rng.randint(20, 64),
                    "product_description_lenght": rng.randint(80, 3000),
                    "product_photos_qty": rng.randint(1, 6),
                    "product_weight_g": float(max(w, 50)),
                    "product_length_cm": float(rng.randint(16, 100)),
                    "product_height_cm": float(rng.randint(2, 60)),
                    "product_width_cm": float(rng.randint(11, 60)),
                    "_price": round(price * rng.lognormvariate(0.0, 0.55), 2),
                    "_seller": rng.choice(self.sellers),
                }
            )

    def _customer(self) -> tuple[str, str, str, str]:
        rng = self.rng
        if self._known_customers and rng.random() < self.cfg.repeat_customer_rate:
            return rng.choice(self._known_customers)
        state = self._pick(self._states, self._state_cum)
        city = rng.choice(CITIES.get(state, (f"cidade {state.lower()}",)))
        zip_prefix = f"{rng.randint(1000, 99999):05d}"  # leading zeros are meaningful
        cust = (_hex_id(rng), zip_prefix, city, state)
        if len(self._known_customers) < 50_000:
            self._known_customers.append(cust)
        return cust

    def orders(self) -> Iterator[dict[str, list[dict]]]:
        """Yield one dict ``table -> rows`` per order."""
        cfg, rng = self.cfg, self.rng
        span = cfg.days * 86400
        for _ in range(cfg.n_orders):
            unique_id, zip_prefix, city, state = self._customer()
            customer_id = _hex_id(rng)  # Olist: a new customer_id for every order
            order_id = _hex_id(rng)
            purchase = cfg.start + timedelta(seconds=rng.randrange(span))
            status = self._pick(self._status, self._status_cum)
            approved = purchase + timedelta(minutes=rng.randint(5, 2 * 24 * 60))
            base_days = STATES[state][1]
            estimated_days = round(base_days * 1.7 + rng.uniform(3, 12))
            estimated = (purchase + timedelta(days=estimated_days)).replace(hour=0, minute=0, second=0)
            carrier = delivered = None
            if status in ("shipped", "delivered"):
                carrier = approved + timedelta(hours=rng.uniform(12, 24 * 5))
            if status == "delivered":
                days = base_days * rng.lognormvariate(0.0, 0.45)
                if rng.random() < 0.06:  # carrier trouble: the main source of late orders
                    days += rng.uniform(8, 35)
                delivered = purchase + timedelta(days=days)

            n_items = 1 if rng.random() < 0.86 else rng.randint(2, 4)
            items, price_sum, freight_sum = [], 0.0, 0.0
            for i in range(1, n_items + 1):
                p = rng.choice(self.products)
                distance = base_days / 6.0
                freight = 6.0 + p["product_weight_g"] / 1000.0 * 2.2 * distance + rng.uniform(0, 6)
                if rng.random() < 0.12:  # overpriced shipping
                    freight *= rng.uniform(2.5, 4.0)
                price = p["_price"]
                price_sum += price
                freight_sum += freight
                items.append(
                    {
                        "order_id": order_id,
                        "order_item_id": i,
                        "product_id": p["product_id"],
                        "seller_id": p["_seller"],
                        "shipping_limit_date": _ts(approved + timedelta(days=rng.randint(2, 7))),
                        "price": round(price, 2),
                        "freight_value": round(freight, 2),
                    }
                )
            total = round(price_sum + freight_sum, 2)

            ptype = self._pick(self._pay, self._pay_cum)
            installments = rng.choice((1, 1, 1, 2, 3, 4, 5, 6, 8, 10)) if ptype == "credit_card" else 1
            payments = []
            if ptype != "voucher" and rng.random() < 0.03:  # part paid with a voucher
                voucher = round(total * rng.uniform(0.1, 0.5), 2)
                payments.append(self._payment(order_id, 1, "voucher", 1, voucher))
                payments.append(self._payment(order_id, 2, ptype, installments, round(total - voucher, 2)))
            else:
                payments.append(self._payment(order_id, 1, ptype, installments, total))

            reviews = []
            if rng.random() < 0.99:
                if delivered is not None:
                    delay = (delivered - estimated).total_seconds() / 86400.0
                    logit = low_review_logit(delay > 0, delay, freight_sum / max(price_sum, 1.0), n_items)
                    created = delivered + timedelta(days=rng.randint(0, 3))
                elif status in ("canceled", "unavailable"):
                    logit, created = 1.5, purchase + timedelta(days=rng.randint(5, 30))
                else:
                    logit, created = 0.0, estimated + timedelta(days=rng.randint(0, 5))
                if rng.random() < sigmoid(logit):
                    score = 1 if rng.random() < 0.7 else 2
                else:
                    score = rng.choices((3, 4, 5), weights=(0.14, 0.3, 0.56))[0]
                created = created.replace(hour=0, minute=0, second=0)
                reviews.append(
                    {
                        "review_id": _hex_id(rng),
                        "order_id": order_id,
                        "review_score": score,
                        "review_comment_title": None,
                        "review_comment_message": ("recomendo" if score >= 4 else "nao recebi o produto")
                        if rng.random() < 0.4
                        else None,
                        "review_creation_date": _ts(created),
                        "review_answer_timestamp": _ts(created + timedelta(hours=rng.uniform(6, 96))),
                    }
                )

            bundle = {
                "orders": [
                    {
                        "order_id": order_id,
                        "customer_id": customer_id,
                        "order_status": status,
                        "order_purchase_timestamp": _ts(purchase),
                        "order_approved_at": _ts(approved) if status not in ("created",) else None,
                        "order_delivered_carrier_date": _ts(carrier),
                        "order_delivered_customer_date": _ts(delivered),
                        "order_estimated_delivery_date": _ts(estimated),
                    }
                ],
                "order_items": items,
                "customers": [
                    {
                        "customer_id": customer_id,
                        "customer_unique_id": unique_id,
                        "customer_zip_code_prefix": zip_prefix,
                        "customer_city": city,
                        "customer_state": state,
                    }
                ],
                "payments": payments,
                "reviews": reviews,
            }
            if cfg.invalid_rate and rng.random() < cfg.invalid_rate:
                self._spoil(bundle)
            if cfg.duplicate_rate:
                for table in ("orders", "order_items", "payments"):
                    if rng.random() < cfg.duplicate_rate:
                        bundle[table] = bundle[table] + [dict(bundle[table][0])]
            yield bundle

    @staticmethod
    def _payment(order_id: str, seq: int, ptype: str, installments: int, value: float) -> dict:
        return {
            "order_id": order_id,
            "payment_sequential": seq,
            "payment_type": ptype,
            "payment_installments": installments,
            "payment_value": value,
        }

    def _spoil(self, bundle: dict[str, list[dict]]) -> None:
        """Break one silver rule so the cleaning step has something to drop."""
        choice = self.rng.randrange(4)
        if choice == 0:
            bundle["orders"][0]["customer_id"] = None
        elif choice == 1:
            bundle["order_items"][0]["price"] = -abs(bundle["order_items"][0]["price"])
        elif choice == 2 and bundle["reviews"]:
            bundle["reviews"][0]["review_score"] = 7
        else:
            bundle["orders"][0]["order_purchase_timestamp"] = "not a date"

    def product_rows(self) -> list[dict]:
        return [{k: v for k, v in p.items() if not k.startswith("_")} for p in self.products]


def generate_rows(n_orders: int = 1000, seed: int = 42, **kwargs) -> dict[str, list[dict]]:
    """All six tables as lists of dicts (small samples, tests)."""
    gen = OlistGenerator(GeneratorConfig(n_orders=n_orders, seed=seed, **kwargs))
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    for bundle in gen.orders():
        for table, rows in bundle.items():
            out[table].extend(rows)
    out["products"] = gen.product_rows()
    return out


def bronze_schema(table: str):
    """Spark schema of a table as it lands: timestamps are strings, numbers typed."""
    from pyspark.sql import types as T

    mapping = {"string": T.StringType(), "timestamp": T.StringType(), "int": T.LongType(), "double": T.DoubleType()}
    return T.StructType([T.StructField(c, mapping[t], True) for c, t in SILVER_TYPES[table].items()])


def generate_dataframes(spark, n_orders: int = 1000, seed: int = 42, **kwargs) -> dict:
    """All six tables as Spark DataFrames with their landing (bronze) schema."""
    rows = generate_rows(n_orders, seed, **kwargs)
    return {
        table: spark.createDataFrame([tuple(r[c] for c in COLUMNS[table]) for r in data], bronze_schema(table))
        for table, data in rows.items()
    }


def write_landing(
    landing_dir: str,
    n_orders: int,
    seed: int = 42,
    *,
    files_per_table: int = 4,
    file_prefix: str = "part",
    tables: tuple[str, ...] = TABLES,
    **kwargs,
) -> dict[str, int]:
    """Write JSON Lines files ``<landing_dir>/<table>/<prefix>-NNNNN.json``; return row counts.

    Orders are spread over ``files_per_table`` files per table in purchase-arrival order, the
    way an upstream exporter would drop them. ``file_prefix`` lets a later call add a new
    batch of files next to earlier ones (incremental landing).
    """
    gen = OlistGenerator(GeneratorConfig(n_orders=n_orders, seed=seed, **kwargs))
    wanted = [t for t in tables if t != "products"]
    handles, counts = {}, {t: 0 for t in tables}
    per_file = max(1, math.ceil(n_orders / files_per_table))

    def handle(table: str, index: int):
        key = (table, index)
        if key not in handles:
            for old in [k for k in handles if k[0] == table]:
                handles.pop(old).close()
            folder = os.path.join(landing_dir, table)
            os.makedirs(folder, exist_ok=True)
            handles[key] = open(os.path.join(folder, f"{file_prefix}-{index:05d}.json"), "w", encoding="utf-8")  # noqa: SIM115 - closed below
        return handles[key]

    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    try:
        for n, bundle in enumerate(gen.orders()):
            index = n // per_file
            for table in wanted:
                rows = bundle[table]
                if rows:
                    handle(table, index).write("".join(dumps(r) + "\n" for r in rows))
                    counts[table] += len(rows)
    finally:
        for h in handles.values():
            h.close()
    if "products" in tables:
        folder = os.path.join(landing_dir, "products")
        os.makedirs(folder, exist_ok=True)
        products = gen.product_rows()
        with open(os.path.join(folder, f"{file_prefix}-00000.json"), "w", encoding="utf-8") as fh:
            fh.write("".join(dumps(r) + "\n" for r in products))
        counts["products"] = len(products)
    return counts
