"""Product vocabulary: common domain things, their usual columns, types and life cycles.

General knowledge about kinds of records (an order has a total, a booking has a start
time), used as defaults when a brief names a thing without saying what it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Things that are usually tables when a brief mentions them (a prior, not a decision).
DOMAIN_NOUNS = _words(
    "product category order order_item line_item cart cart_item customer invoice payment refund consent "
    "shipment delivery address review rating coupon discount promotion wishlist inventory "
    "warehouse supplier vendor store branch book copy loan member author publisher hold fine "
    "patient appointment doctor vet pet owner prescription visit treatment diagnosis invoice "
    "room booking reservation guest hotel property listing amenity stay rate event venue seat "
    "ticket section performance show match concert artist restaurant menu menu_item dish "
    "courier driver rider vehicle trip ride route stop zone course lesson module enrollment "
    "student teacher instructor class classroom assignment submission grade quiz question answer "
    "exam school tenant organization workspace project task comment attachment label tag "
    "contact company lead deal pipeline opportunity activity note account device sensor reading "
    "measurement alert gateway site document chunk collection conversation message citation "
    "source link url click domain campaign subscription plan feature_flag team invitation "
    "membership role permission user profile notification channel thread post like follow "
    "playlist song album track video episode podcast channel photo album recipe ingredient "
    "employee department shift timesheet leave_request expense claim policy quote job group "
    "application candidate interview position vacancy donation donor campaign volunteer "
    "auction bid item lot slot schedule session attendee speaker sponsor ticket_type "
    "order_line basket checkout transaction transfer wallet merchant payout dispute "
    "asset portfolio trade instrument price alert parcel package warehouse carrier tracking "
    "survey response submission workflow approval contract clause signature "
    "medication dose allergy vaccination record lab_result referral insurance claim "
    "table reservation court facility equipment rental bike scooter station dock charger "
    "charging_session meter bill tariff reading outage complaint case agent queue "
    "ticket_comment article faq category brand variant sku size color "
    "grade term semester enrollment attendance timetable parent guardian homework "
    "feedback rubric certificate badge achievement leaderboard score level game player "
    "tournament team fixture venue referee league season wallet voucher gift_card "
    "short_link link alias visit redirect api_key webhook_endpoint integration "
    "menu_category modifier kitchen courier_shift delivery_zone dispatch "
    "pickup dropoff fare payment_method coupon_redemption loyalty_account point waitlist "
    "holiday office visitor threshold license certificate milestone sprint epic issue bug "
    "incident payslip meal workout routine habit journal folder board reaction mention "
    "bundle kit promotion vaccination vaccine diagnosis exam result fixture season league "
    "club player referee facility court field waiting_list"
    " crop machine segment receipt purchase repayment royalty earning criterion revision estimate "
    "gift commit genre fault shipment redemption reward"
)

# Things one row of which belongs to exactly one owner ("each customer has a cart").
DEPENDENT_NOUNS = _words(
    "cart profile wallet receipt account settings preference balance inbox calendar portfolio "
    "resume cv membership avatar chart loyalty_account basket timetable"
)


# Two-word names that are one kind of record, not "an order about purchasing": kept whole the
# first time a brief uses them.
KNOWN_COMPOUNDS = _words(
    "custom_field credit_ledger_entry risk_factor year_group auction_house publishing_house opera_house "
    "clearing_house "
    "shopping_list budget_line test_case waiting_list_entry legal_entity league_table maintenance_ticket "
    "maintenance_job maintenance_task service_ticket fault_report goods_receipt api_key payment_intent status_update purchase_order work_order sales_order repair_order service_order job_card line_item "
    "credit_note delivery_note packing_slip exchange_rate tax_rate stock_level stock_movement "
    "crew_member team_member staff_member family_member board_member committee_member "
    "journal_entry ledger_entry time_entry price_list gift_card loyalty_card boarding_pass "
    "bank_account cost_centre cost_center change_request purchase_request treatment_plan "
    "care_plan lesson_plan meal_plan payment_plan training_plan meter_reading test_result "
    "lab_result inspection_result condition_report incident_report opening_hour saved_search "
    "aircraft_type vehicle_type room_type ticket_type membership_type duty_period rest_period "
    "billing_period pay_period checklist_item vocabulary_item menu_item order_item cart_item "
    "fault_code discount_code promo_code voucher_code working_hour business_hour opening_hour "
    "price_list print_job boarding_pass service_request support_request maintenance_request "
    "repair_request refund_request return_request support_ticket leave_request friend_request "
    "payment_method shipping_address billing_address time_slot fee_schedule rate_card "
    "compliance_check credit_check margin_call credit_limit liquidity_provider standing_order consent_form"
)


@dataclass(frozen=True)
class ColumnKind:
    """A column's PostgreSQL type and constraints, from what its name usually means."""

    type: str
    nullable: bool = True
    unique: bool = False
    indexed: bool = False
    default: str | None = None


_TEXT = ColumnKind("text")
_NAME = ColumnKind("varchar(200)", nullable=False)
_MONEY = ColumnKind("numeric(12,2)", nullable=False)
_INT = ColumnKind("integer")
_DATE = ColumnKind("date")
_TIME = ColumnKind("timestamptz")
_BOOL = ColumnKind("boolean", nullable=False, default="false")

# Exact column names first, then suffix rules, then a text fallback.
_EXACT: dict[str, ColumnKind] = {
    "name": _NAME,
    "title": _NAME,
    "full_name": _NAME,
    "first_name": ColumnKind("varchar(100)", nullable=False),
    "last_name": ColumnKind("varchar(100)", nullable=False),
    "display_name": ColumnKind("varchar(100)"),
    "email": ColumnKind("varchar(320)", nullable=False, unique=True),
    "email_address": ColumnKind("varchar(320)", nullable=False, unique=True),
    "phone": ColumnKind("varchar(32)"),
    "phone_number": ColumnKind("varchar(32)"),
    "mobile": ColumnKind("varchar(32)"),
    "isbn": ColumnKind("varchar(17)", unique=True),
    "sku": ColumnKind("varchar(64)", nullable=False, unique=True),
    "barcode": ColumnKind("varchar(64)", unique=True),
    "slug": ColumnKind("varchar(200)", nullable=False, unique=True),
    "code": ColumnKind("varchar(32)", nullable=False, unique=True),
    "short_code": ColumnKind("varchar(16)", nullable=False, unique=True),
    "username": ColumnKind("varchar(64)", nullable=False, unique=True),
    "password": ColumnKind("text"),
    "password_hash": ColumnKind("text"),
    "description": _TEXT,
    "notes": _TEXT,
    "note": _TEXT,
    "bio": _TEXT,
    "body": _TEXT,
    "content": _TEXT,
    "text": _TEXT,
    "summary": _TEXT,
    "instructions": _TEXT,
    "address": _TEXT,
    "street": ColumnKind("varchar(200)"),
    "city": ColumnKind("varchar(100)"),
    "country": ColumnKind("char(2)"),
    "postcode": ColumnKind("varchar(16)"),
    "postal_code": ColumnKind("varchar(16)"),
    "zip": ColumnKind("varchar(16)"),
    "zip_code": ColumnKind("varchar(16)"),
    "currency": ColumnKind("char(3)", nullable=False, default=None),
    "language": ColumnKind("varchar(16)"),
    "locale": ColumnKind("varchar(16)"),
    "timezone": ColumnKind("varchar(64)"),
    "long_url": ColumnKind("text", nullable=False),
    "original_url": ColumnKind("text", nullable=False),
    "target_url": ColumnKind("text", nullable=False),
    "destination_url": ColumnKind("text", nullable=False),
    "photo": _TEXT,
    "image": _TEXT,
    "picture": _TEXT,
    "avatar": _TEXT,
    "logo": _TEXT,
    "file": _TEXT,
    "attachment": _TEXT,
    "year": ColumnKind("smallint"),
    "publication_year": ColumnKind("smallint"),
    "age": ColumnKind("smallint"),
    "quantity": ColumnKind("integer", nullable=False, default="zero"),
    "qty": ColumnKind("integer", nullable=False, default="zero"),
    "stock": ColumnKind("integer", nullable=False, default="zero"),
    "stock_level": ColumnKind("integer", nullable=False, default="zero"),
    "capacity": ColumnKind("integer"),
    "seats": ColumnKind("integer"),
    "count": ColumnKind("integer", nullable=False, default="zero"),
    "position": ColumnKind("integer"),
    "rank": ColumnKind("integer"),
    "rating": ColumnKind("smallint"),
    "score": ColumnKind("numeric(5,2)"),
    "grade": ColumnKind("varchar(8)"),
    "weight": ColumnKind("numeric(8,2)"),
    "height": ColumnKind("numeric(8,2)"),
    "length": ColumnKind("numeric(8,2)"),
    "width": ColumnKind("numeric(8,2)"),
    "size": ColumnKind("varchar(32)"),
    "color": ColumnKind("varchar(32)"),
    "colour": ColumnKind("varchar(32)"),
    "latitude": ColumnKind("double precision"),
    "longitude": ColumnKind("double precision"),
    "lat": ColumnKind("double precision"),
    "lng": ColumnKind("double precision"),
    "coordinates": ColumnKind("text"),
    "duration": ColumnKind("interval"),
    "duration_minutes": ColumnKind("integer"),
    "tags": ColumnKind("text[]"),
    "keywords": ColumnKind("text[]"),
    "labels": ColumnKind("text[]"),
    "skills": ColumnKind("text[]"),
    "languages": ColumnKind("text[]"),
    "photos": ColumnKind("text[]"),
    "images": ColumnKind("text[]"),
    "allergies": ColumnKind("text[]"),
    "metadata": ColumnKind("jsonb", nullable=False, default="empty_json"),
    "settings": ColumnKind("jsonb", nullable=False, default="empty_json"),
    "preferences": ColumnKind("jsonb", nullable=False, default="empty_json"),
    "attributes": ColumnKind("jsonb", nullable=False, default="empty_json"),
    "payload": ColumnKind("jsonb", nullable=False, default="empty_json"),
    "ip": ColumnKind("inet"),
    "ip_address": ColumnKind("inet"),
    "embedding": ColumnKind("vector(1536)"),
    "species": ColumnKind("varchar(50)", nullable=False),
    "breed": ColumnKind("varchar(100)"),
    "gender": ColumnKind("varchar(20)"),
    "sex": ColumnKind("varchar(20)"),
    "genre": ColumnKind("varchar(50)"),
    "role": ColumnKind("varchar(30)", nullable=False),
    "type": ColumnKind("varchar(50)"),
    "kind": ColumnKind("varchar(50)"),
    "priority": ColumnKind("varchar(20)"),
    "level": ColumnKind("varchar(30)"),
    "dob": ColumnKind("date"),
    "date_of_birth": ColumnKind("date"),
    "birth_date": ColumnKind("date"),
    "birthday": ColumnKind("date"),
    "due_date": ColumnKind("date", nullable=False),
    "date": ColumnKind("date", nullable=False),
    "time": ColumnKind("timestamptz", nullable=False),
    "start": ColumnKind("timestamptz", nullable=False),
    "end": ColumnKind("timestamptz"),
    "value": ColumnKind("double precision", nullable=False),
    "unit": ColumnKind("varchar(20)"),
    "temperature": ColumnKind("double precision"),
    "humidity": ColumnKind("double precision"),
    "pressure": ColumnKind("double precision"),
    "battery": ColumnKind("double precision"),
    "battery_level": ColumnKind("double precision"),
    "firmware": ColumnKind("varchar(50)"),
    "firmware_version": ColumnKind("varchar(50)"),
    "serial_number": ColumnKind("varchar(64)", unique=True),
    "license_plate": ColumnKind("varchar(16)", unique=True),
    "vin": ColumnKind("varchar(17)", unique=True),
    "domain": ColumnKind("varchar(253)", unique=True),
    "subdomain": ColumnKind("varchar(63)", unique=True),
    "version": ColumnKind("integer", nullable=False, default="zero"),
    "storage_key": ColumnKind("text", nullable=False, unique=True),
    "content_type": ColumnKind("varchar(100)"),
    "size_bytes": ColumnKind("bigint"),
    "file_name": ColumnKind("varchar(255)"),
    # When a reading, a position or an event happened: a row without it means nothing.
    "recorded_at": ColumnKind("timestamptz", nullable=False),
    "occurred_at": ColumnKind("timestamptz", nullable=False),
    "clocked_in_at": ColumnKind("timestamptz", nullable=False),
    "term_months": ColumnKind("integer"),
}
_SUFFIXES: list[tuple[re.Pattern[str], ColumnKind]] = [
    (re.compile(r"(?:^|_)(?:price|amount|total|cost|fee|fees|balance|salary|subtotal|tax|tip|"
                r"fare|deposit|budget|revenue|value_usd|payout|refund_amount)$"), _MONEY),
    (re.compile(r"_(?:at|time|timestamp)$"), _TIME),
    (re.compile(r"(?:^|_)(?:date|day|dob|deadline)$"), _DATE),
    (re.compile(r"^(?:is|has|can|allow)_|(?:^|_)(?:active|enabled|verified|paid|available|"
                r"published|archived|deleted|approved|visible|public|private)$"), _BOOL),
    (re.compile(r"(?:^|_)(?:bedrooms|bathrooms|rooms|floors|beds|pages|employees|doors|"
                r"count|number|quantity|qty|minutes|seconds|hours|days|nights|age|"
                r"capacity|seats|stock|limit|attempts|views|clicks|visits|points|floor|year|"
                r"level|guests|pages|duration_min)$"), _INT),
    (re.compile(r"(?:^|_)(?:email)$"), ColumnKind("varchar(320)")),
    (re.compile(r"(?:^|_)(?:phone|mobile)$"), ColumnKind("varchar(32)")),
    (re.compile(r"(?:^|_)(?:url|uri|link|photo|image|picture|file|document|logo|avatar|key)$"),
     _TEXT),
    (re.compile(r"(?:^|_)(?:name|title|label)$"), ColumnKind("varchar(200)")),
    (re.compile(r"(?:^|_)(?:code|number_plate|reference|ref)$"), ColumnKind("varchar(64)")),
    (re.compile(r"(?:^|_)(?:rate|percentage|ratio|score|weight|distance|lat|lng|temperature|"
                r"reading|measurement|value|km|miles|kg|kwh|mw|mwh|metres|meters|litres|liters|cm|mm|ml|"
                r"percent|pct|height|length|width|depth|volume|speed)$"), ColumnKind("numeric(12,4)")),
    (re.compile(r"(?:^|_)(?:status|state)$"), ColumnKind("varchar(30)", nullable=False)),
    (re.compile(r"(?:^|_)(?:description|notes|text|body|content|comment|reason|message|"
                r"details|history|address|summary)$"), _TEXT),
]

ATTRIBUTE_WORDS = frozenset(_EXACT) | _words(
    "date time price amount total cost fee salary status state start_time end_time dimension "
    "dimensions width depth length "
    "start_date end_date birth_date due_date expiry expiry_date expiration deadline opening_hours "
    "address email phone isbn title name description year age size color weight height "
    "duration rating score quantity stock capacity url photo photos image images picture "
    "pictures tags notes species breed genre sku price_per_night nightly_rate rate currency "
    "coordinates coordinate latitude longitude identifier id reference headline subject "
    "caption summary bio nickname username password dob gender sex language timezone "
    "firstname lastname surname first_name last_name full_name display_name avatar logo "
    "cover edition pages format condition grade mark marks level priority type kind "
    "deadline timestamp timestamps details body content text value unit unit_price "
    "check_in check_out arrival departure floor room_number seat_number "
    "row_number plate license mileage model make vin serial_number firmware battery "
    "temperature humidity pressure speed heading altitude reading_value street city country "
    "postcode zip postal_code description_text instructions ingredients allergies "
    "dosage frequency route_name isbn13 barcode brand material dimensions fare alias pin"
)


def column_kind(name: str) -> ColumnKind:
    """Return the usual type and constraints of a column called `name`."""
    if name in _EXACT:
        return _EXACT[name]
    for pattern, kind in _SUFFIXES:
        if pattern.search(name):
            return kind
    return ColumnKind("text")


def is_attribute_word(name: str) -> bool:
    """Return True when `name` usually names a column, not a table."""
    if name in ATTRIBUTE_WORDS:
        return True
    return bool(re.search(r"_(?:date|at|time|name|number|count|price|amount|id|url)$", name))


# Default columns for kinds of things, when the brief lists none.
DEFAULT_COLUMNS: dict[str, list[str]] = {
    "person": ["full_name", "email", "phone"],
    "product": ["name", "description", "price", "currency", "sku", "stock"],
    "category": ["name", "slug"],
    "order": ["total", "currency", "placed_at"],
    "order_item": ["quantity", "unit_price"],
    "line_item": ["quantity", "unit_price"],
    "cart": [],
    "cart_item": ["quantity"],
    "payment": ["amount", "currency", "provider_reference"],
    "account_transaction": ["amount", "currency", "description", "occurred_at"],
    "ledger_entry": ["amount", "entry_type", "description", "occurred_at"],
    "payout": ["amount", "currency", "period_start", "period_end", "transfer_reference", "paid_at"],
    "deposit": ["amount", "currency", "paid_at", "refunded_at"],
    "payment_request": ["amount", "currency", "note", "responded_at"],
    "auth_identity": ["provider", "provider_subject", "email", "last_used_at"],
    "webhook_endpoint": ["url", "secret_hash", "event_types", "active", "last_delivery_at"],
    "withdrawal": ["amount", "currency", "fee", "transfer_reference", "completed_at"],
    "maintenance_record": ["performed_on", "work_done", "performed_by", "cost", "next_due_on"],
    "service_record": ["performed_on", "work_done", "performed_by", "cost", "next_due_on"],
    "refund": ["amount", "reason"],
    "invoice": ["number", "amount", "currency", "due_date"],
    "booking": ["starts_at", "ends_at"],
    "reservation": ["starts_at", "ends_at"],
    "appointment": ["starts_at", "ends_at", "reason"],
    "visit": ["visited_at", "notes"],
    "loan": ["borrowed_at", "due_date", "returned_at", "renewal_count"],
    "rental": ["starts_at", "ends_at"],
    "hold": ["expires_at"],
    "challenge": ["respond_by", "accepted_at", "played_at"],
    "work_order": ["description", "due_date", "completed_at"],
    "event": ["name", "starts_at", "ends_at"],
    "seat": ["section", "row_label", "seat_number"],
    "ticket": ["code"],
    "venue": ["name", "address", "capacity"],
    "room": ["number", "capacity", "nightly_rate"],
    "hotel": ["name", "address"],
    "book": ["title", "isbn", "publication_year"],
    "copy": ["barcode", "condition"],
    "author": ["name"],
    "course": ["title", "description"],
    "lesson": ["title", "position"],
    "assignment": ["title", "due_at"],
    "submission": ["submitted_at", "grade"],
    "enrollment": ["enrolled_at"],
    "delivery": ["pickup_address", "dropoff_address", "delivered_at"],
    "shipment": ["carrier", "tracking_number", "shipped_at"],
    "address": ["street", "city", "postcode", "country"],
    "review": ["rating", "comment"],
    "rating": ["score"],
    "comment": ["body"],
    "message": ["body", "sent_at"],
    "conversation": ["subject"],
    "notification": ["channel", "body", "sent_at"],
    "device": ["serial_number", "model", "firmware_version", "last_seen_at"],
    "sensor": ["serial_number", "kind", "unit"],
    "reading": ["recorded_at", "value"],
    "measurement": ["recorded_at", "value"],
    "alert": ["severity", "message", "raised_at"],
    "document": ["title", "source_url", "content_hash"],
    "chunk": ["position", "content", "token_count"],
    "subscription": ["current_period_end"],
    "plan": ["name", "price", "currency", "interval"],
    "tenant": ["name", "slug"],
    "organization": ["name", "slug"],
    "workspace": ["name", "slug"],
    "contact": ["full_name", "email", "phone"],
    "company": ["name", "domain"],
    "deal": ["title", "amount", "currency", "expected_close_date"],
    "lead": ["source", "score"],
    "activity": ["kind", "occurred_at", "notes"],
    "task": ["title", "due_date"],
    "project": ["name", "description"],
    "short_link": ["short_code", "long_url", "expires_at"],
    "link": ["short_code", "long_url", "expires_at"],
    "click": ["clicked_at", "referrer", "country"],
    "restaurant": ["name", "address"],
    "menu_item": ["name", "price", "currency", "is_available"],
    "dish": ["name", "price", "currency"],
    "vehicle": ["license_plate", "kind"],
    "pet": ["name", "species", "breed", "birth_date"],
    "prescription": ["medication", "dosage", "issued_at"],
    "treatment": ["description", "performed_at"],
    "medical_record": ["recorded_at", "notes"],
    "shift": ["starts_at", "ends_at"],
    "trip": ["started_at", "ended_at", "distance_km"],
    "ride": ["requested_at", "started_at", "ended_at", "distance_km", "fare"],
    "coupon": ["code", "percent_off", "expires_at"],
    "warehouse": ["name", "address"],
    "supplier": ["name", "email"],
    "branch": ["name", "address"],
    "question": ["body"],
    "answer": ["body"],
    "quiz": ["title"],
    "grade": ["value"],
    "class": ["name"],
    "post": ["title", "body", "published_at"],
    "article": ["title", "body", "published_at"],
    "job": ["title", "description"],
    "application": ["submitted_at"],
    "api_key": ["prefix", "key_hash", "last_used_at"],
    "file": ["storage_key", "content_type", "size_bytes"],
    "attachment": ["storage_key", "content_type", "size_bytes"],
    "photo": ["storage_key", "content_type"],
    "image": ["storage_key", "content_type"],
}
GENERIC_COLUMNS = ["name"]

# Life cycles: states a kind of record moves through.
LIFECYCLES: dict[str, list[str]] = {
    "order": ["pending", "paid", "shipped", "delivered", "cancelled"],
    "booking": ["pending", "confirmed", "cancelled", "completed"],
    "reservation": ["pending", "confirmed", "cancelled", "completed"],
    "appointment": ["scheduled", "confirmed", "completed", "cancelled", "no_show"],
    "loan": ["active", "returned", "overdue"],
    "rental": ["reserved", "active", "returned", "cancelled"],
    "payment": ["pending", "succeeded", "failed", "refunded"],
    "refund": ["requested", "approved", "rejected", "processed"],
    "delivery": ["pending", "assigned", "picked_up", "delivered", "failed"],
    "shipment": ["pending", "shipped", "delivered", "returned"],
    "invoice": ["draft", "issued", "paid", "void"],
    "subscription": ["trialing", "active", "past_due", "cancelled"],
    "ticket": ["reserved", "issued", "used", "cancelled"],
    "support_ticket": ["open", "in_progress", "resolved", "closed"],
    "hold": ["active", "expired", "released", "converted"],
    "application": ["submitted", "in_review", "accepted", "rejected"],
    "enrollment": ["active", "completed", "withdrawn"],
    "task": ["todo", "in_progress", "done"],
    "claim": ["submitted", "in_review", "approved", "rejected", "paid"],
    "trip": ["requested", "accepted", "in_progress", "completed", "cancelled"],
    "ride": ["requested", "accepted", "in_progress", "completed", "cancelled"],
    "transfer": ["pending", "completed", "failed"],
    "transaction": ["pending", "completed", "failed", "reversed"],
    "bid": ["active", "outbid", "won", "withdrawn"],
    "auction": ["scheduled", "open", "closed"],
    "post": ["draft", "published", "archived"],
    "article": ["draft", "published", "archived"],
    "course": ["draft", "published", "archived"],
    "listing": ["draft", "active", "sold", "archived"],
    "submission": ["submitted", "graded", "returned"],
    "assignment": ["draft", "published", "closed"],
    "review": ["pending", "published", "rejected"],
    "document": ["uploaded", "processing", "indexed", "failed"],
    "device": ["provisioned", "active", "offline", "retired"],
    "alert": ["open", "acknowledged", "resolved"],
    "request": ["open", "approved", "rejected", "closed"],
    "leave_request": ["requested", "approved", "rejected", "cancelled"],
    "deal": ["open", "won", "lost"],
    "lead": ["new", "contacted", "qualified", "converted", "lost"],
    "visit": ["scheduled", "completed", "cancelled"],
    "prescription": ["active", "filled", "expired"],
    "campaign": ["draft", "active", "paused", "ended"],
    "event": ["draft", "on_sale", "sold_out", "cancelled", "finished"],
    "invitation": ["pending", "accepted", "expired"],
    "dispute": ["open", "won", "lost"],
    "payout": ["pending", "paid", "failed"],
    "job": ["open", "closed"],
    "short_link": ["active", "disabled", "expired"],
    "quote": ["draft", "sent", "accepted", "declined"],
    "case": ["open", "in_progress", "resolved", "closed"],
    "purchase": ["pending", "completed", "refunded"],
    "challenge": ["issued", "accepted", "declined", "played", "expired"],
    "work_order": ["open", "scheduled", "in_progress", "completed", "cancelled"],
}
# A verb used on a record implies the state it leaves the record in.
VERB_STATES = {
    "cancel": "cancelled",
    "approve": "approved",
    "reject": "rejected",
    "return": "returned",
    "refund": "refunded",
    "confirm": "confirmed",
    "ship": "shipped",
    "assign": "assigned",
    "complete": "completed",
    "close": "closed",
    "reopen": "open",
    "publish": "published",
    "archive": "archived",
    "check-in": "checked_in",
    "checkout": "checked_out",
    "check-out": "checked_out",
    "deliver": "delivered",
    "pay": "paid",
    "dispatch": "dispatched",
    "resolve": "resolved",
    "escalate": "escalated",
    "suspend": "suspended",
    "activate": "active",
    "deactivate": "inactive",
    "submit": "submitted",
    "verify": "verified",
    "accept": "accepted",
    "decline": "declined",
    "release": "released",
    "settle": "settled",
    "void": "void",
    "grade": "graded",
    "discharge": "discharged",
    "admit": "admitted",
    "dispense": "dispensed",
    "acknowledge": "acknowledged",
    "lock": "locked",
    "expire": "expired",
}
STATE_WORDS = frozenset(
    s for states in LIFECYCLES.values() for s in states
) | frozenset(VERB_STATES.values()) | _words(
    "new open draft pending active inactive done todo waiting queued running failed "
    "succeeded started finished overdue late lost found missing available unavailable "
    "reserved booked sold blocked banned scheduled rescheduled ready preparing cooking "
    "out_for_delivery picked_up en_route arrived delayed boarding departed landed "
    "in_transit returned refunded disputed trial trialing expired renewed lapsed paused "
    "resumed published hidden flagged removed spam"
)
NOMINAL_ACTIONS = {
    "renewal": "renew",
    "renewals": "renew",
    "cancellation": "cancel",
    "cancellations": "cancel",
    "refund": "refund",
    "refunds": "refund",
    "approval": "approve",
    "approvals": "approve",
    "rejection": "reject",
    "check-in": "check-in",
    "check-ins": "check-in",
    "checkin": "check-in",
    "assignment": "assign",
    "escalation": "escalate",
    "escalations": "escalate",
    "extension": "extend",
    "extensions": "extend",
    "confirmation": "confirm",
    "confirmations": "confirm",
}
# Things that are themselves the record of a purchase: "anglers buy day tickets" keeps each
# ticket under its angler, with no purchase table beside it.
BOUGHT_AS_RECORDS = _words(
    "ticket pass permit voucher membership subscription licence license gift_card gift_voucher "
    "season_ticket day_ticket day_pass e_ticket"
)
# Kinds of record that group interchangeable nominal verbs ("book" -> any of these).
NOMINAL_GROUPS = [
    {"order", "purchase", "sale"},
    {"booking", "reservation", "appointment", "hold", "ticket", "stay"},
    {"loan", "rental", "borrowing", "checkout"},
    {"enrollment", "registration", "membership", "subscription", "attendance"},
    {"check_in", "attendance", "visit"},
]
