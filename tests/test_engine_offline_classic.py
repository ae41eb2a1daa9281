"""The offline engine on the system-design prompts people type in their first minutes ("Design
Twitter: ...", "Design a parking garage system: ..."): every plan passes the real tools, the
product is never a table, and no table of the brief is a word for the product or for the
text itself. What each prompt should model is tested rule by rule in test_engine_offline_reader.py;
these were read plan by plan in session 13."""

from __future__ import annotations

import re

import pytest
from support.openapi import openapi_problem

from archnb import architect
from archnb.render.mermaid import render_architecture, render_erd
from archnb.render.openapi import render_openapi
from archnb.render.sql import render_ddl

PROMPTS = [
    'Design Instagram: users post photos with captions, follow other users, like and comment on posts, and see a feed of posts from people they follow. 500 million daily active users.',
    'Design a chat app like WhatsApp: one-to-one and group chats, message delivery receipts, online presence, and media attachments. 1 billion users.',
    'Design Airbnb: hosts list properties with photos and nightly prices, guests search by location and dates, book stays and pay; both leave reviews after the stay.',
    'Design Dropbox: users upload files, files sync across devices, users can share folders with other users, and old versions of files are kept for 30 days.',
    'Design a parking garage system: drivers reserve a spot in advance or take a ticket at the gate, pay when they leave, and the garage has several levels with spots of different sizes.',
    'Design Uber: riders request rides, nearby drivers get offers and accept them, drivers send their location every 4 seconds, and riders pay at the end of the trip.',
    'Design Spotify: users stream songs, create playlists, follow artists, and get recommendations. Artists upload albums with tracks.',
    'Design a food ordering system for a single restaurant with table QR codes: guests scan, order dishes with modifiers, the kitchen sees tickets, and guests pay at the table.',
    'Design Twitter: users tweet up to 280 characters, follow each other, retweet and like tweets, and read a home timeline. 300M monthly users, 6,000 tweets per second.',
    'Design a hotel booking system: hotels have rooms of different types, guests book rooms for date ranges, cancel bookings, and pay a deposit.',
    'Design an e-commerce site like Amazon: customers browse products by category, add them to a cart, check out and pay by card, and track their orders. Sellers manage their own products and stock.',
    'Design Yelp: users search for businesses near them, read and write reviews with star ratings and photos, and businesses can reply to reviews.',
    'Design Ticketmaster: venues host events, fans buy tickets for specific seats, seats are held for 10 minutes during checkout, and 50,000 fans may try to buy at once.',
    'Design a library management system: members borrow and return books, each book can have several copies, members can reserve a book that is on loan, and overdue loans get fines.',
    'Design Coursera: instructors publish courses made of lessons with videos and quizzes, students enrol, track their progress and earn certificates.',
    'Design a job board: companies post jobs, candidates upload CVs and apply to jobs, recruiters move applications through stages and schedule interviews.',
    'Design Google Calendar: users create events with attendees, send invitations, attendees accept or decline, and events can repeat weekly.',
    'Design Pastebin: users paste text, get a short link, pastes can expire after a set time, and popular pastes are cached.',
    'Design a stock trading app like Robinhood: users fund their account, place buy and sell orders for stocks, see live prices and their portfolio.',
    'Design DoorDash: customers order food from restaurants, a courier picks up the order and delivers it, and customers track the courier on a map.',
    'Design YouTube: creators upload videos, videos are transcoded into several resolutions, viewers watch, like and comment, and subscribe to channels. 2 billion users.',
    'Design Netflix: members stream movies and series episodes, keep a watch history with their position, and get recommendations. Several profiles per account.',
    'Design a ride-sharing app like Lyft: riders request rides, the nearest driver accepts, the fare is calculated from distance and time, and riders rate drivers.',
    'Design an online bookstore: customers browse books by author and genre, add books to a cart, place orders, pay by card and write reviews.',
    'Design a restaurant reservation system like OpenTable: diners book tables at restaurants for a time and party size, restaurants manage their tables and opening hours, and diners get reminders.',
    'Design a gym membership app: members buy monthly memberships, book classes with instructors, check in with a QR code, and the gym tracks attendance.',
    'Design a URL shortener like bit.ly: users shorten long URLs, custom aliases are allowed, links can expire, and we count clicks per link with country and referrer. 100M new links per month.',
    "Design a news feed system like Facebook: users post status updates with photos, add friends, and see a ranked feed of their friends' posts. 1 billion daily active users.",
    "Design a multiplayer game leaderboard: players finish matches and get scores, the leaderboard shows the global top 100 and each player's rank, updated in real time.",
    'Design a notification service: other services send notification requests, users set their channel preferences (email, SMS, push), and we retry failed deliveries.',
    'Design a rate limiter for our public API: each API key gets 100 requests per minute, bursts are allowed, and limits differ by plan.',
    'Design a web crawler that fetches 1 billion pages a month, respects robots.txt, avoids duplicate pages and stores page content for a search index.',
    'Design a payment system like Stripe: merchants create payment intents, customers pay by card, we handle refunds and disputes, and merchants get payouts and webhooks.',
    'Design a movie ticket booking system like BookMyShow: cinemas have screens and shows, customers pick seats on a seat map and pay, and seats are locked for 5 minutes.',
    'Design a task manager like Asana: workspaces have projects, projects have tasks with assignees, due dates, subtasks and comments, and users get notified of changes.',
    'Design an online judge like LeetCode: users solve coding problems, submit code in several languages, submissions run against hidden test cases, and there are weekly contests with rankings.',
    'Design an inventory management system for a chain of 20 stores: products, stock per store, purchase orders to suppliers, transfers between stores and low-stock alerts.',
    'Design a CRM for a sales team: accounts, contacts, deals moving through pipeline stages, activities like calls and emails, and forecasts per sales rep.',
    'Design an ATM system: customers insert a card, enter a PIN, withdraw cash or check their balance, and the bank keeps every transaction.',
    'Design a vending machine backend: machines report stock levels, customers pay by card or coins, and operators plan restock routes.',
]
# Names a reader would never accept as a table of these products.
_NEVER = {"system", "app", "platform", "clone", "design", "backend", "character", "get", "key",
          "twitter", "instagram", "airbnb", "uber", "lyft", "dropbox", "youtube", "spotify", "yelp", "netflix",
          "whatsapp", "stripe", "asana", "leetcode", "robinhood", "doordash", "opentable", "coursera",
          "bookmyshow", "facebook", "ticketmaster", "bookstore", "board", "limiter", "crawler", "twitter_clone"}


@pytest.fixture(scope="module")
def plans():
    return [architect(prompt).plan for prompt in PROMPTS]


def test_no_table_is_the_product_or_a_generic_word(plans):
    bad = {p.title: sorted(_NEVER & {e.name for e in p.data_model.entities}) for p in plans}
    assert not {title: names for title, names in bad.items() if names}


def test_every_classic_prompt_names_its_product(plans):
    for prompt, plan in zip(PROMPTS, plans, strict=True):
        brand = re.match(r"Design (?:an? )?(?:[a-z -]+ like )?([A-Z][\w.]+)", prompt)
        if brand and brand.group(1) not in ("Design",):
            assert brand.group(1).lower() in (plan.title + " " + prompt[:60]).lower()


@pytest.mark.slow
def test_classic_plans_pass_the_real_tools(plans, mermaid_check, pg):
    problems = [(p.title, openapi_problem(render_openapi(p))) for p in plans]
    assert not [x for x in problems if x[1]]
    for plan in plans:
        applied = pg.check(render_ddl(plan))
        assert applied.ok, f"{plan.title}: {applied.error}"
    results = mermaid_check([d for p in plans for d in (render_architecture(p), render_erd(p))])
    assert not [(plans[i // 2].title, r["error"]) for i, r in enumerate(results) if not r["ok"]]
