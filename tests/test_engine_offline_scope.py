"""What a brief rules out brings no table, feature or requirement, and the plan says it was left out."""

from __future__ import annotations

import pytest

from archnb import architect
from archnb.engines.offline.reader import read_brief
from archnb.engines.offline.scope import leave_out

CLINIC = ("Vets send vaccination reminders to pet owners by email and SMS. Each pet has "
          "vaccinations with a due date. ")


def test_no_payments_for_now_means_no_payment_provider():
    plan = architect(CLINIC + "No payments for now.").plan
    tables = {e.name for e in plan.data_model.entities}
    assert "payment" not in tables
    assert not any(c.id == "payments" for c in plan.architecture.components)
    assert not any("Stripe" in a or "checkout" in a for a in plan.assumptions)
    assert plan.assumptions[0] == "Out of scope, as the brief says: no payments for now."
    # the same brief without the sentence that rules payments out would take them
    assert "payment" in {e.name for e in architect(CLINIC + "Owners pay online.").plan.data_model.entities}


def test_an_out_of_scope_section_brings_no_tables_or_features():
    brief = ("# Ferry bookings\n\nPassengers book sailings on our routes and pay by card. "
             "Each sailing has a vessel and a departure time. Vessels have a capacity.\n\n## Out of scope (for now)\n\n"
             "Onboard shop sales, crew rostering with shift swaps, machine learning forecasts.\n\n"
             "## Non-functional\n\nAbout 2,000 bookings a day.")
    facts = read_brief(brief)
    names = facts.entity_names()
    assert {"sailing", "vessel", "passenger"} <= set(names)
    assert not {"sale", "shop", "roster", "crew", "shift", "swap", "forecast"} & set(names)
    assert "ml" not in facts.features
    assert facts.left_out == ["Onboard shop sales, crew rostering with shift swaps, machine "
                              "learning forecasts"]
    # the section ends at the next heading: its figure is still read
    assert facts.periods["events_per_second"] == (2000.0, 86400)


@pytest.mark.parametrize("brief", [
    "Members book courts online. Out of scope: coaching sessions and a café till.",
    "Members book courts online. Not needed: coaching sessions and a café till.",
    "Members book courts online.\n\n## Not needed\n\n- coaching sessions\n- café till",
    "Members book courts online.\n\n**Non-goals (v1)**\nCoaching sessions, café till.\n\n"
    "**Data**\nEach court has a surface.",
    "Members book courts online.\n\nNot in scope:\n- coaching sessions\n- café till\n\n"
    "Each court has a surface.",
    "Members book courts online. You can ignore coaching sessions and the café till.",
    "Members book courts online. Coaching sessions and the café till are excluded.",
])
def test_scope_phrasings(brief):
    names = read_brief(brief).entity_names()
    assert "court" in names
    assert not {"coaching_session", "session", "till", "cafe_till"} & set(names)


def test_a_sentence_inside_a_ruled_out_item_does_not_end_the_list():
    facts = read_brief("Members book courts online. Each court has a surface.\n\n**Not now**\n"
                       "- Mobile app. Web only.\n- Coaching sessions with a coach.\n"
                       "- A café till.")
    assert not {"coaching_session", "session", "coach", "till"} & set(facts.entity_names())
    assert facts.left_out == ["Mobile app", "Web only", "Coaching sessions with a coach",
                              "A café till"]


def test_the_paragraph_after_a_ruled_out_list_is_read():
    facts = read_brief("Members book courts online.\n\nOut of scope:\n- coaching sessions\n\n"
                       "Each court has a surface and a floodlight schedule.")
    assert facts.entity("court") is not None
    assert "surface" in facts.entity("court").attributes


@pytest.mark.parametrize(("sentence", "kept", "dropped"), [
    ("Postcodes are enough, I don't need fancy maps.", "Postcodes are enough.",
     ["I don't need fancy maps"]),
    ("Sire and dam (just the names, we don't need a pedigree database!), and the breeder.",
     "Sire and dam (just the names!), and the breeder.", ["we don't need a pedigree database"]),
    ("Search is out of scope but members must see their bookings.",
     "members must see their bookings.", ["Search is out of scope"]),
    ("No customer self-service yet.", None, ["No customer self-service yet"]),
    ("Our accounts stay in QuickBooks, no integration for now, we'll re-key.",
     "we'll re-key.", ["Our accounts stay in QuickBooks", "no integration for now"]),
    ("Don't need online payments.", None, ["Don't need online payments"]),
])
def test_clauses_ruled_out_inside_a_sentence(sentence, kept, dropped):
    items, left = leave_out([(sentence, False)])
    assert items == ([(kept, False)] if kept else [])
    assert left == dropped


@pytest.mark.parametrize(("line", "dropped"), [
    ("kit shop (gi, gloves) - NO.", "kit shop (gi, gloves)"),
    ("no live streaming, no video uploads", "no live streaming, no video uploads"),
    ("No app, only web.", "No app, only web"),
    ("Search: none.", "Search"),
    ("Wholesale to restaurants — completely separate, out.", "Wholesale to restaurants"),
    ("Loyalty points — Charlotte keeps mentioning it but NOT in phase 1.", "Loyalty points"),
    ("Things I *don't* need: a public shop, gift cards.", "a public shop, gift cards"),
])
def test_lines_that_rule_something_out(line, dropped):
    assert leave_out([(line, True)]) == ([], [dropped])


def test_a_ruled_out_line_brings_no_feature():
    brief = ("Members book classes and pay monthly by card.\n- no live streaming, no video uploads"
             "\n- kit shop (gi, gloves) - NO.")
    facts = read_brief(brief)
    assert not {"uploads", "media"} & set(facts.features)
    assert "shop" not in facts.entity_names()


@pytest.mark.parametrize("sentence", [
    "No hard deletes.",
    "no double bookings",
    "No more than 4 players per booking.",
    "No-shows are charged a fee.",
    "Payments - no refunds after 24h",
    "Rooms must never be double-booked and there are no refunds after check-in.",
    "There should be no double bookings.",
    "We don't need to store card numbers: the provider keeps them.",
    "Gift cards come in phase 2, so design the orders table for them.",
])
def test_what_is_not_a_scope_out_stays(sentence):
    assert leave_out([(sentence, False)]) == ([(sentence, False)], [])


def test_maps_ruled_out_means_no_geospatial_store():
    brief = ("A piano tuner visits customers' homes and logs each visit with the pitch found. "
             "Customers are due every 6 or 12 months. Postcodes are enough, "
             "I don't need fancy maps or distance calculations.")
    assert "geospatial" not in read_brief(brief).features
    assert "geospatial" in read_brief(brief.replace("I don't need", "I want")).features


def test_what_stays_out_of_scope_is_left_out():
    from archnb.engines.offline.scope import leave_out
    from archnb.engines.offline.text import split_items

    items, out = leave_out(split_items("Orders have lines. Payments stay out of scope: terminals "
                                       "talk to the card provider directly."))
    assert out == ["Payments stay out of scope"]
    assert all("Payments" not in text for text, _ in items)


def test_an_item_marked_sold_out_is_not_fought_over():
    from archnb.engines.offline.reader import read_brief

    diner = read_brief("Each restaurant can mark a menu item 86'd (sold out) for the day.")
    assert "contention" not in diner.features
    gig = read_brief("Fans buy tickets the minute a gig goes on sale; shows often sold out in "
                     "minutes.")
    assert "contention" in gig.features


@pytest.mark.parametrize(("text", "out"), [
    ("Questions and answers stay in the LMS.", "Questions and answers stay in the LMS"),
    ("Our accounts stay in QuickBooks, no integration for now.", "Our accounts stay in QuickBooks"),
    ("Call audio recording stays in the existing recorder.",
     "Call audio recording stays in the existing recorder"),
])
def test_what_another_system_keeps_is_left_out(text, out):
    from archnb.engines.offline.scope import leave_out
    from archnb.engines.offline.text import split_items

    assert out in leave_out(split_items(text))[1]


@pytest.mark.parametrize("text", ["Data must stay in the EU (GDPR).", "Bikes stay in docks overnight.",
                                  "EU customers' data stays in Frankfurt."])
def test_where_data_or_things_stay_is_kept(text):
    from archnb.engines.offline.scope import leave_out
    from archnb.engines.offline.text import split_items

    assert leave_out(split_items(text))[1] == []


def test_work_done_in_another_system_is_left_out():
    brief = ("We are a ground handler and need to track the containers we load and unload for each flight, and "
             "damage reports with photos. Payment and invoicing we make in other system (SAP), it is not needed "
             "here. Our workers scan each container's barcode.")
    facts = read_brief(brief)
    assert "payment" not in facts.entity_names() and "invoice" not in facts.entity_names()
    assert any("Payment and invoicing" in item for item in facts.left_out)


def test_we_do_not_make_payments_is_left_out():
    kept, left = leave_out([("Approved valuations push to Sage as purchase invoices.", False),
                            ("We do not make payments from this system.", False)])
    assert left == ["We do not make payments from this system"]
    assert kept == [("Approved valuations push to Sage as purchase invoices.", False)]


def test_a_line_labelled_later_is_left_out():
    kept, left = leave_out([("We're launching with 40 vet practices, each with their own staff logins.", False),
                            ("Later: dentists, opticians, physios.", False)])
    assert left == ["dentists, opticians, physios"]
    assert kept == [("We're launching with 40 vet practices, each with their own staff logins.", False)]
    kept, left = leave_out([("Booking comes later in phase 2; members pay by card.", False)])
    assert left == []


def test_you_do_not_need_to_handle_payments_is_left_out():
    kept, left = leave_out([("You do not need to handle payments, and only parents and staff need to log in.", False)])
    assert left == ["You do not need to handle payments"]
    assert kept == [("only parents and staff need to log in.", False)]


def test_not_bothered_about_is_left_out():
    kept, left = leave_out([("Not bothered about online booking or a delivery van, maybe next year.", False)])
    assert left and left[0].startswith("Not bothered about online booking")
    assert "booking" not in read_brief("Customers drop off shirts and we write a ticket for each item. Not bothered "
                                       "about online booking or a delivery van, maybe next year.").features


def test_what_we_do_not_store_is_left_out():
    kept, left = leave_out([("Assignment is deterministic, so we don't store every assignment.", False)])
    assert left == ["we don't store every assignment"]


def test_what_the_writer_keeps_doing_elsewhere_is_left_out():
    kept, left = leave_out([("Payment I'll keep doing through my own invoicing.", False),
                            ("It should remind the landlord when each certificate is due again.", False)])
    assert left == ["Payment I'll keep doing through my own invoicing"]
    assert len(kept) == 1


def test_what_should_stay_out_of_the_system_is_left_out():
    kept, left = leave_out([("We log faults against a layout, but subs and the annual show are handled on paper by "
                             "the treasurer and should stay out of it.", False)])
    assert kept == [("We log faults against a layout.", False)]
    assert left and left[0].startswith("subs and the annual show")
    assert "subscription" not in read_brief("Members log faults against a layout or a loco, but subs are handled "
                                            "on paper by the treasurer and should stay out of it.").entity_names()
    # what people keep out of somewhere in the domain is no scope
    kept, left = leave_out([("Dogs must be kept out of the kitchen.", False)])
    assert not left


def test_not_bothered_about_as_a_label_is_left_out():
    kept, left = leave_out([("Not bothered about: membership subs (the treasurer does those in Xero), audience "
                             "ticket sales, or band music libraries.", False)])
    assert not kept and left[0].startswith("membership subs")


def test_a_later_label_with_an_aside_is_left_out():
    kept, left = leave_out([("Later (not MVP): plant shop affiliate links and a paid \"Leafy Pro\" tier.", False)])
    assert not kept and left == ['plant shop affiliate links and a paid "Leafy Pro" tier']
    assert "payments" not in read_brief("Owners log when they water each plant.\nLater (not MVP): a paid Pro tier."
                                        ).features


def test_things_i_am_not_doing_as_a_label_is_left_out():
    brief = ("Stalkers log outings on estates, and each animal shot is a cull record.\n"
             "Things I'm explicitly not doing: selling stalking trips or taking bookings/payments from clients.")
    names = set(read_brief(brief).entity_names())
    assert not {"booking", "payment", "client"} & names and "outing" in names
    kept, left = leave_out([("Not building: a members' shop.", False)])
    assert not kept and left == ["a members' shop"]


def test_what_we_are_not_touching_is_left_out():
    brief = ("We track each coach's DBS check and qualifications at clubs. The board wants a quarterly report of "
             "clubs with lapsed checks, but we are not touching the clubs' own membership lists, subs or payments.")
    names = set(read_brief(brief).entity_names())
    assert not {"membership", "subscription", "payment"} & names and {"coach", "club"} <= names
    assert "payments" not in read_brief(brief).features


def test_what_stays_in_another_named_product_or_waits_for_a_later_round_is_left_out():
    brief = ("Fee earners open matters for clients, and each matter has parties. AML/KYC checks stay in "
             "SmartSearch; we only store the SmartSearch reference on the client. We invoice annually; no in-app "
             "payments in this round.")
    facts = read_brief(brief)
    assert not {"aml", "kyc", "check", "payment"} & set(facts.entity_names())
    assert "payments" not in facts.features and {"matter", "client"} <= set(facts.entity_names())


def test_a_not_in_mvp_section_is_left_out():
    brief = ("Merchants run programmes, and affiliates join programmes.\n\n## Not in MVP\n"
             "- Multi-level commissions: never.\n- Chargebee integrations: after Paddle.\n\n## Scale\nSmall.")
    names = set(read_brief(brief).entity_names())
    assert not {"multi_level", "chargebee", "commission"} & names and {"merchant", "programme"} <= names


def test_forgotten_things_and_maybe_next_year_are_left_out():
    brief = ("Owners rent pitches and pay pitch fees. We are converting the field to lodges over the next two "
             "winters, so forget tourers. Maybe GoCardless for direct debits next year, but not now.")
    names = set(read_brief(brief).entity_names())
    assert not {"tourer", "winter", "direct_debit", "direct_debit_mandate"} & names and {"owner", "pitch"} <= names


@pytest.mark.parametrize(("text", "left", "kept"), [
    ("Nurses record tests, but it must not store prescriptions, doses or dispensing.",
     "it must not store prescriptions, doses or dispensing", "Nurses record tests."),
    ("The system should send appointment reminders, but does not need to handle inbound messages.",
     "does not need to handle inbound messages", "The system should send appointment reminders."),
    ("do NOT create work orders here, SAP PM stays master for maintenance",
     "do NOT create work orders here", "SAP PM stays master for maintenance"),
])
def test_what_the_product_is_told_not_to_store_or_make_is_left_out(text, left, kept):
    items, dropped = leave_out([(text, False)])
    assert dropped == [left] and [t for t, _ in items] == [kept]


def test_a_rule_about_how_the_product_behaves_is_not_left_out():
    assert leave_out([("It must not be slow, and the app must not lose bookings.", False)])[1] == []


def test_records_the_product_must_not_keep_make_no_tables():
    brief = ("Keyworkers see clients and record assessments. Prescribing is done by the clinic team in SystmOne. "
             "It must not store prescriptions, doses or dispensing. The system sends reminders by SMS but does "
             "not need to handle inbound messages.")
    names = set(read_brief(brief).entity_names())
    assert not {"prescription", "dose", "message"} & names and {"client", "assessment"} <= names


def test_a_stressed_not_and_a_whole_list_are_left_out():
    kept, left = leave_out([("Anglers enter matches and draw pegs.", False),
                            ("So you do **not** need to model payments, bank details or membership subscriptions.",
                             False)])
    assert left == ["you do not need to model payments, bank details or membership subscriptions"]
    assert "subscription" not in read_brief("Anglers enter matches and draw pegs. You do **not** need to model "
                                            "payments, bank details or membership subscriptions.").entity_names()
    # a clause after the comma is not part of the list
    kept, left = leave_out([("You don't need to handle payments, we use Stripe for that.", False)])
    assert left == ["You don't need to handle payments"]
