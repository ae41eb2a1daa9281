"""Word knowledge for reading briefs: parts of speech, generic words, nouns' number.

The offline reader has no language model, so it leans on small hand-made word lists.
They describe English and common product vocabulary, never particular briefs: a word
belongs here only if it would be right for any brief that uses it.
"""

from __future__ import annotations

import re
from functools import lru_cache


def words(text: str) -> frozenset[str]:
    """Return the space-separated words of `text` as a set (how the word lists are written)."""
    return frozenset(text.split())


# Spans of time as a brief counts them: "15 seconds to accept", "kept 7 years".
TIME_SPANS = words("seconds minutes hours days weeks months years")


_words = words


DETERMINERS = _words(
    "a an the each every any some all many several multiple no their its his her our your my "
    "this that these those another other both either neither such few more most one own "
    "various numerous certain whose"
)
QUANTIFIERS = _words("many several multiple various numerous more some few")
PREPOSITIONS = _words(
    "of for to in on at by with from into onto per via about over under between through "
    "within without across after before during against among around as than up down out "
    "off upon toward towards until since beyond except including like near inside outside "
    "behind beside besides beneath underneath alongside throughout despite amid versus"
)
CONJUNCTIONS = _words(
    "and or but nor so yet if when while because although though unless whether where which "
    "who whom whose that then once whenever wherever also plus etc"
)
AUXILIARIES = _words(
    "can could will would shall should may might must be is are was were been being am do "
    "does did has have had having cannot can't won't don't doesn't isn't aren't wasn't "
    "shouldn't mustn't needs'nt 's 're 've 'll 'd"
)
MODALS = _words("can could will would shall should may might must cannot")
PRONOUNS = _words(
    "i we you they he she it them us me him someone anyone everyone everybody nobody somebody anybody "
    "something anything everything nothing themselves itself ourselves yourself myself "
    "one's who what whatever whoever mine yours hers ours theirs "
    "they're we're you're i'm it's that's there's we've they've you've i've we'll they'll "
    "you'll it'll he's she's who've who'd who're who'll who's i'd we'd they'd you'd he'd she'd "
    "i'll he'll she'll ourself"
)
ADVERBS = _words(
    "straight along very also only just often usually always never already still even too again soon now aloud "
    "later then here there instantly immediately quickly easily automatically directly "
    "currently typically mostly mainly roughly about around approximately nearly almost "
    "up down back away together else rather quite really well fast online offline however "
    "ever sometimes twice once daily weekly monthly yearly nightly hourly annually instead "
    "first finally eventually not upfront beforehand afterwards meanwhile overnight asap "
    "right how why onwards onward upwards forwards backwards kindly anyway basically obviously "
    "okay ok yeah yep yes hi hello thanks cheers bye um er erm uh hmm lol btw fyi pls please "
    "maybe perhaps probably possibly hopefully ideally honestly forever"
)

# Base forms of verbs that briefs use; inflections are generated below.
_VERB_BASES = (
    "assemble compose compile combine issue execute summon cope matter discharge regulate act "
    "raise clock be have do make need want use allow let provide support include contain keep store track "
    "refresh reload remain accrue incur waive reinstate relocate replenish press tap "
    "form carry represent involve indicate determine organise organize arrange "
    "record manage create add edit update delete remove view see list browse search find filter "
    "sort get set send receive notify email pay buy sell purchase reserve cancel confirm approve "
    "reject assign renew return borrow lend loan allocate rent lease schedule register enroll enrol sign log "
    "upload download share follow join leave invite accept decline deliver ship pick drop place "
    "submit publish archive close open start stop finish complete expire grow scale handle serve "
    "process run build deploy integrate sync import export generate calculate compute show "
    "display answer ask chat write read expect hope launch operate host monitor audit analyse "
    "analyze predict recommend match dispatch route locate visit treat prescribe diagnose admit "
    "discharge teach learn grade attend watch stream play pause hold release refund charge bill "
    "subscribe unsubscribe upgrade downgrade transfer withdraw deposit verify authenticate "
    "authorize authorise reset choose select configure customize customise tag categorize "
    "categorise label mark flag ban block moderate vote bid win lose earn redeem collect scan "
    "print count measure sense alert remind forget erase anonymize anonymise retain purge backup "
    "restore replicate fail recover respond reply tap click go come take give put become seem "
    "look feel try call work tell say know think mean change move live happen appear offer bring "
    "depend belong consist relate link attach connect own exist arrive wait last reach stay "
    "cover describe explain require prefer avoid ensure guarantee prevent protect encrypt wish "
    "like love hate help check fill pick book order rate review comment message post report plan "
    "claim request lead check-in checkout check-out login logout signup sign-in sign-up "
    "apply hire fire pass miss meet count note quote bill invoice credit debit settle reconcile "
    "refill restock dispense sell resell ingest index embed chunk summarize summarise translate "
    "transcode resize compress notify escalate triage resolve reopen comply store serve keep "
    "offer cache retry spike peak double triple reach exceed stay go grow shrink drop land "
    "onboard offboard migrate replace split merge compare browse rank curate moderate "
    "reschedule unlock void extend suspend activate deactivate acknowledge point refer cross "
    "exceed configure group differ vary define produce process reorder phone contact reach "
    "happen occur arrive leave snooze unpin unmute unpublish dismiss rebook agree convert reimburse hand assess estimate "
    "evaluate inspect repair maintain clean deliver load unload pack sort weigh scan print cut polish sit "
    "review sign attach detach contain fetch push pull merge tag invite welcome greet seat "
    "cook prepare serve order pour sell trade swap exchange lend owe repay borrow donate "
    "fund sponsor vote elect nominate rank score judge referee coach train practise practice "
    "exercise run walk swim ride drive fly travel commute park charge unlock lock rent hire "
    "employ recruit interview shortlist onboard enrol graduate attend teach tutor mentor "
    "study learn revise mark grade assess certify license renew expire lapse remind nudge "
    "solve upvote downvote retweet repost reshare bookmark favourite favorite unfollow unlike react "
    "ping message chat call text email post comment reply react like share repost follow "
    "subscribe unsubscribe mute block report flag hide archive restore delete purge "
    "anonymize anonymise export import migrate transform aggregate summarise summarize "
    "visualise visualize plot chart forecast predict recommend personalise personalize "
    "detect classify cluster label annotate transcribe translate moderate review audit "
    "verify validate authenticate authorize approve reject escalate resolve close reopen "
    "assign reassign dispatch route track locate geocode navigate arrive depart board land "
    "cancel refund rebook reschedule postpone confirm decline accept propose negotiate "
    "sign countersign witness notarize stamp file submit publish draft edit proofread "
    "calculate compute bill invoice charge collect settle reconcile pay withdraw deposit "
    "transfer convert hedge insure claim cover underwrite quote bid auction win lose "
    "display show hide highlight filter search sort browse explore discover compare "
    "bookmark favourite favorite save wishlist rate review recommend "
    "challenge decide install photograph pledge prove enter turn override grab haul understand ditch emit draw "
    "warn skip respect paste survive defer reissue ring copy consign deduplicate dedupe de-duplicate die insist deal "
    "remember withhold redact shout uphold"
)

_IRREGULAR = {
    "ring": "rang rung",
    "be": "is are was were been being am",
    "have": "has had having",
    "do": "does did done doing",
    "make": "made",
    "get": "got gotten",
    "send": "sent",
    "buy": "bought",
    "sell": "sold",
    "pay": "paid",
    "find": "found",
    "keep": "kept",
    "hold": "held",
    "withhold": "withheld",
    "uphold": "upheld",
    "lend": "lent",
    "leave": "left",
    "pick": "picked",
    "run": "ran",
    "build": "built",
    "write": "wrote written",
    "read": "read",
    "teach": "taught",
    "learn": "learnt",
    "win": "won",
    "lose": "lost",
    "go": "went gone goes",
    "come": "came",
    "take": "took taken",
    "give": "gave given",
    "put": "put",
    "become": "became",
    "feel": "felt",
    "tell": "told",
    "say": "said",
    "know": "knew known",
    "think": "thought",
    "mean": "meant",
    "bring": "brought",
    "meet": "met",
    "see": "saw seen",
    "choose": "chose chosen",
    "forget": "forgot forgotten",
    "drop": "dropped",
    "ship": "shipped shipping",
    "plan": "planned planning",
    "stop": "stopped stopping",
    "log": "logged logging",
    "tag": "tagged tagging",
    "chat": "chatted chatting",
    "bid": "bidding",
    "ban": "banned banning",
    "shrink": "shrank shrunk",
    "split": "split",
    "set": "set setting",
    "cancel": "cancelled cancelling",
    "label": "labelled labelling",
    "travel": "travelled travelling",
}


def _inflect(base: str) -> list[str]:
    """Return the regular inflections of a verb (3rd person, past, -ing)."""
    if base.endswith("e") and not base.endswith("ee"):
        stem = base[:-1]
        return [base + "s", base + "d", stem + "ing"]
    if base.endswith("y") and base[-2:-1] not in set("aeiou"):
        return [base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return [base + "es", base + "ed", base + "ing"]
    return [base + "s", base + "ed", base + "ing"]


def _verb_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for base in _VERB_BASES.split():
        forms.setdefault(base, base)
        for form in _inflect(base):
            forms.setdefault(form, base)
        for form in _IRREGULAR.get(base, "").split():
            forms.setdefault(form, base)
    return forms


VERB_FORMS: dict[str, str] = _verb_forms()

# Words that are as often nouns (things a product stores) as verbs.
NOUN_VERBS = _words(
    "discharge discharges matter matters clock clocks ban bans order orders book books review reviews rate rates comment comments message messages post "
    "posts report reports schedule schedules plan plans return returns transfer transfers charge form forms "
    "charges hold holds claim claims request requests bill bills invoice invoices rent lease "
    "leases visit visits tag tags note notes vote votes bid bids like likes share shares file "
    "files check checks deposit deposits match matches label labels log logs alert alerts answer "
    "answers question questions reply replies quote quotes record records track tracks stock "
    "store stores ship ships ticket tickets shift shifts task tasks call calls credit credits "
    "refund refunds payment payments booking bookings delivery deliveries course courses class "
    "classes lesson lessons event events room rooms seat seats slot slots menu item items "
    "listing listings rating ratings reading readings release releases upload uploads download "
    "downloads design designs leave leaves point points list lists update updates transaction transactions meeting meetings appointment "
    "appointments reservation reservations play plays stream streams document documents link "
    "links feed feeds run runs test tests order-item offer offers use uses support need needs "
    "judge judges retweet retweets repost reposts bookmark bookmarks favourite favourites "
    "favorite favorites deal deals"
)

# Verbs that, after a modal, name an action on an existing record rather than creating one.
ACTION_VERBS = _words(
    "renew cancel return approve reject assign confirm publish archive close reopen complete "
    "ship refund pay check-in checkout check-out dispatch accept decline submit verify resolve "
    "escalate suspend activate deactivate release extend transfer redeem settle start finish "
    "grade discharge admit restock refill dispense moderate flag ban block unblock invite "
    "approve acknowledge void lock unlock rate review reschedule merge split pause resume retry "
    "restore withdraw upgrade downgrade stop snooze pin unpin mute unmute rebook postpone "
    "reactivate unpublish dismiss reassign"
)
# Verbs whose action creates a record of a known kind: "hold seats" -> holds.
NOMINAL_VERBS = {
    "hold": "hold",
    "rate": "rating",
    "score": "score",
    "review": "review",
    "reserve": "reservation",
    "book": "booking",
    "borrow": "loan",
    "lend": "loan",
    "loan": "loan",
    "allocate": "allocation",
    "rent": "rental",
    "enroll": "enrollment",
    "enrol": "enrollment",
    "subscribe": "subscription",
    "order": "order",
    "purchase": "purchase",
    "buy": "purchase",
    "bid": "bid",
    "vote": "vote",
    "follow": "follow",
    "like": "like",
    "attend": "attendance",
    "register": "registration",
    "apply": "application",
    "comment": "comment",
    "message": "message",
    "signup": "signup",
    "prescribe": "prescription",
    "challenge": "challenge",
    "check-in": "check_in",
    "inspect": "inspection",
    "consign": "consignment",
    "nominate": "nomination",
}
# Verbs that link two kinds of thing many-to-many when used between them.
MANY_TO_MANY_VERBS = _words(
    "enroll enrol attend join follow like subscribe tag favorite bookmark signup register apply"
)
CRUD_VERBS = _words(
    "create add edit update delete remove view see list browse search find filter sort get "
    "manage store keep track record show display upload download change modify read look use "
    "make have need want include contain support provide allow let be do go come take give "
    "put become seem feel try call work tell say know think mean move live happen appear "
    "offer bring depend belong consist relate link attach connect own exist arrive wait last "
    "reach stay cover describe explain require prefer avoid ensure guarantee prevent protect "
    "handle serve run build deploy integrate sync import export generate calculate compute "
    "expect hope launch operate host monitor log sign login logout signup receive send notify "
    "email set open access save input enter fill write answer ask choose select pick configure "
    "help like love wish grow scale process"
)

ADJECTIVES = _words(
    "little happy keen comfortable familiar flexible one-off ad-hoc full-time part-time long-term outdoor indoor wrong "
    "nice in-scope out-of-scope built-in inbuilt aged particular environmental regulatory operational technical "
    "structural electrical mechanical cultural educational residential agricultural industrial municipal ecological "
    "short-term day-to-day in-house third-party on-site off-site self-service end-to-end high-value low-cost "
    "low-value high-risk low-risk clinical pastoral "
    "new old online offline available active inactive current past future previous next last "
    "first second third main primary secondary public private internal external small large "
    "big huge tiny local global regional national international mobile digital physical "
    "virtual real real-time realtime live basic simple complex full partial total daily weekly "
    "monthly yearly annual hourly nightly recurring open closed free paid premium standard "
    "custom personal medical clinical financial legal social general specific different same "
    "similar multiple single unique various own entire whole certain main key important "
    "critical optional required mandatory high low fast slow quick early late recent popular "
    "independent secure safe easy hard good bad best better great top typical average "
    "maximum minimum several many few much more most less least other such additional extra "
    "existing upcoming overdue pending expired valid invalid confirmed cancelled canceled "
    "approved rejected completed finished unpaid refunded shipped delivered registered "
    "anonymous verified unverified certified qualified different possible impossible likely "
    "unlikely small-to-medium mid-sized b2b b2c saas ready responsive scalable reliable "
    "efficient cheap expensive affordable nearby remote distributed centralized centralised "
    "multi-tenant multitenant tenant-aware read-heavy write-heavy peak concurrent simultaneous "
    "interested relevant related corresponding respective separate individual collective "
    "historical detailed brief short long quarterly biweekly weekend busy quiet whole half "
    "inbound outbound upstream downstream eu european american us uk asian red green blue "
    "yellow black white grey gray orange purple direct broken stolen frozen hidden written "
    "miscellaneous misc incoming outgoing loose empty raw wet chilled senior junior accurate"
)

# Nouns that name the product, infrastructure or abstractions, never a domain table.
GENERIC_NOUNS = _words(
    "month-end year-end quarter-end end-of-day end-of-month traceability accountability scalability usability "
    "accessibility auditability deduplication de-duplication "
    "tonight today tomorrow yesterday purchasing invoicing marketing accounting bookkeeping budgeting rostering advertising recruiting "
    "forecasting procurement goods gps system systems platform platforms app apps   service services clone clones "
    "feature features api apis backend backends frontend frontends data information info way "
    "ways time times thing things stuff   process processes support need "
    "needs requirement requirements number numbers type types kind kinds sort sorts list lists "
    "set level levels page pages screen screens view views solution solutions tool tools "
    "website websites   web interface interfaces ui ux design architecture database "
    "databases server servers cloud infrastructure performance scale load traffic peak peaks "
    "second seconds minute minutes hour hours day days week weeks fortnight fortnights month months "
    "quarter quarters year years today "
    "tomorrow yesterday everyone anyone mvp phase phases goal goals budget "
    "budgets cost costs money example examples   requirement constraint constraints "
    "security privacy compliance regulation regulations law laws latency availability uptime "
    "ms millisecond milliseconds response responses   developer "
    "developers staff people person persons user users end-user end-users "
    "way detail details basis moment start end beginning middle rest total "
    "thanks thank cheers regards thought thoughts aob misc sql "
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "majority minority half percent percentage k m gb tb mb pb rps qps p95 p99 sla slo ux "
    "experience experiences access ability abilities possibility functionality functionalities "
    "capability capabilities workflow workflows flow flows step steps stage stages pipeline "
    "logic     management tracking storage search analytics reporting "
    "dashboard dashboards report reports statistics stats figure figures blob blobs insight insights kpi "
    "kpis overview summary summaries history histories mode modes state status statuses "
    "notification notifications email emails sms push   reminder reminders "
    "integration integrations webhook webhooks endpoint endpoints code codebase repository repositories "
    "stack technology technologies framework frameworks library libraries "
    "python java javascript typescript go golang ruby php rust kotlin elixir node nodejs "
    "django rails spring fastapi react postgres postgresql mysql redis kafka aws gcp azure "
    "kubernetes docker stripe paypal twilio sendgrid gdpr hipaa pci soc2 soc iso ccpa eu us uk pwa pwas sign-on half-hour half-hours "
    "lims pms erp erps crm crms cms ehr emr hris "
    "  country countries world beta launch scaling growth demand usage volume "
    "volumes throughput capacity bandwidth spike spikes burst bursts rush concurrency "
    "backup backups disaster recovery outage outages downtime failure failures error errors "
    "  problem problems idea ideas "
    "plan plans roadmap priority priorities word words text texts name names "
    "thing anything something everything nothing one ones other others same kind "
    "sense hand side fact reason reasons   change changes   "
    "real-time realtime mobile desktop browser browsers device-agnostic manner approach "
    "approaches structure structures model models schema schemas   row rows "
    "column columns record-keeping entry-point cli sdk sdks ide owner's well future past "
    "beginning launch-day morning evening night nights weekend weekends   "
    "  area areas field fields industry sector space world "
    "e.g i.e etc vs per cent percent fraction thousands millions hundreds dozens billions "
    "unit units minimum maximum average averages median target targets goal objective "
    "objectives aim aims gotcha gotchas one-offs stakeholder stakeholders business businesses startup "
    "startups   corporation     "
    "client-side server-side owner-side people's role roles permission permissions login "
    "logins signup signups sign-up sign-ups password passwords credential credentials "
    "token tokens session sessions auth authentication authorization authorisation "
    "encryption storage-layer cache caches queue queues worker workers job jobs cron "
    "scheduler pdf pdfs csv csvs json xml excel spreadsheet spreadsheets format formats "
    "provider providers vendor-lock lock-in hosting deployment deployments environment "
    "environments staging dev testing   quality maintenance "
    "operation operations ops devops monitoring observability logging tracing "
    "consistency durability resilience redundancy failover replica replicas replication "
    "partition partitions sharding shard shards index indexes indices query queries "
    "transaction-level place places thing's top bottom front back inside outside "
    "direction directions purpose purposes use uses usage benefit benefits value values "
    "feedback input inputs output outputs source sources target tool-chain month's "
    "day's year's week's hour's today's launch's world's per-tenant cents dollar dollars "
    "euro euros usd eur gbp price-point confirmation confirmations visibility flexibility "
    "convenience efficiency accuracy reliability transparency speed simplicity control "
    "responsibility success integrity safety trust reputation satisfaction "
    "popularity interest attention confidence awareness delay delays congestion chaos "
    "friction paperwork hassle mistake mistakes overhead pain effort efforts headache "
    "spreadsheets paper phone phones email-based manual manually excel-based "
    "combination mix variety range basis lifecycle life-cycle journey journeys "
    "sso adyen braintree mollie okta auth0 mailgun mqtt openai slack zoom teams-app "
    "xero sage quickbooks netsuite salesforce hubspot mailchimp zapier airtable supabase firebase "
    "behaviour behavior morning afternoon hours' minute's internet "
    "network networks connection connections connectivity bandwidth storage-cost "
    "pricing billing invoicing shipping scheduling ordering deliverable deliverables "
    "concept concepts nfr nfrs overview background scope purpose introduction appendix "
    "summary audit audits retention "
    "hectare hectares acre acres tonne tonnes ton tons kilogram kilograms kilo kilos gram grams "
    "litre litres liter liters millilitre millilitres ounce ounces kilometre kilometres "
    "kilometer kilometers mile miles min mins sec secs accessibility usability maintainability "
    "scalability localisation localization i18n "
    "entity entities attribute attributes relationship relationships cardinality cardinalities noun nouns "
    "erd erds diagram diagrams notation assumption assumptions software whiteboard whiteboards clipboard clipboards "
    "non-goal non-goals proportion proportions quintal quintals scenario scenarios crow "
    "non-functional nonfunctional layout layouts portal portals apology apologies "
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays "
    "thursdays fridays saturdays sundays bacs fax faxes communication communications present "
    "sequence sequences human humans residency residencies trace traces span spans bucket buckets baa baas dpa dpas"
)

# Generic words that are also the records of some domains: fields on a farm, levels in a car
# park, sessions with a tutor, loads on a truck. Read as entities only on strong evidence.
SOFT_GENERIC_NOUNS = _words(
    "engagement context session level field space language operation load report job stage plan feedback repository "
    "reminder notification step phase area unit place source list service services screen "
    "record result outcome link star point key engineer engineers production productions term terms set "
    "goal environment world map progress call market request metric version performance variety response budget "
    "option"
)

# People and roles. Domain actors become entities; pure roles become user roles.
PERSON_NOUNS = _words(
    "new_hire taker seeker goer giver earner "
    "customer client member patient doctor vet veterinarian nurse student teacher instructor "
    "tutor parent guardian courier driver rider seller buyer vendor merchant supplier host "
    "guest attendee fan organizer organiser employee manager admin administrator librarian "
    "owner agent operator dispatcher reviewer author editor subscriber player coach volunteer "
    "donor applicant candidate recruiter landlord renter traveler traveller passenger pilot "
    "technician mechanic contractor freelancer investor visitor shopper reader borrower lender "
    "physician dentist therapist pharmacist receptionist cashier waiter chef moderator "
    "clinician caregiver learner trainer trainee athlete artist creator influencer "
    "seller participant speaker sponsor exhibitor resident landlord tenant-user homeowner "
    "cleaner walker sitter groomer stylist barber photographer partner advisor adviser "
    "consultant lawyer accountant auditor inspector surveyor planner analyst scientist "
    "researcher professor lecturer principal staffer worker volunteer user person people promoter "
    "listener viewer follower watcher streamer podcaster commenter uploader diner hirer "
    "interviewer interviewee recruiter employer jobseeker rep member official umpire "
    "professional specialist provider practitioner broker dealer distributor retailer "
    "wholesaler farmer grower producer manufacturer carrier shipper consignee recipient "
    "sender requester approver assignee owner-operator rep representative salesperson "
    "engineer developer pupil porter referee juror adopter breeder swimmer tuner gardener plumber "
    "electrician carer midwife surgeon paramedic exhibitor hirer "
    "policyholder assessor witness claimant adjuster underwriter beneficiary caseworker "
    "attorney solicitor paralegal physio medic mentor mentee barista bartender nanny chauffeur "
    "bride groom angler seamstress tailor bailiff ranger warden steward florist baker butcher "
    "jeweller jeweler welder machinist labourer laborer apprentice intern golfer cyclist skier "
    "climber dancer singer musician performer drinker picker packer beekeeper shepherd "
    "supporter operative canvasser journalist examiner invigilator narrator proofreader proofer governor "
    "occupant householder"
)
ROLE_NOUNS = _words(
    "admin administrator staff manager moderator operator superuser dispatcher supervisor "
    "approver auditor receptionist clerk cashier accountant coordinator rep representative "
    "reviewer assessor secretary treasurer trustee trustees"
)
# Nouns that name the one organisation the brief is for, unless used in the plural.
ORGANISATION_NOUNS = _words(
    "shop store clinic library hospital school restaurant hotel company startup business association "
    "organisation organization agency gym salon bakery cafe university museum cinema theatre "
    "theater  bank firm practice pharmacy studio franchise chain marketplace academy "
    "college charity ngo council city municipality team airline kindergarten nursery daycare "
    "canteen cafeteria mart league federation society office kitchen co_op coop cooperative county "
    "bookshop bookstore barbershop teashop zoo"
)

# Heads that only name something together with their modifier ("order item", "leave request").
WEAK_HEADS = _words(
    "item items request requests record records entry entries note notes line lines plan plans "
    "slot slots card cards code codes account accounts profile profiles report reports "
    "session sessions period periods group groups unit units file files level levels type types "
    "list lists case cases balance balances form forms rule rules object objects result results "
    "update updates board boards version versions log logs lot lots run runs event events window windows "
    "chunk chunks step steps stage stages pass passes job jobs holder holders pair pairs master masters sheet sheets check checks "
    "config configs configuration configurations assignment assignments task tasks "
    "agreement agreements letter letters pool pools section sections memory memories tier tiers "
    "source sources test tests batch batches survey surveys visit visits review reviews"
)

_IRREGULAR_PLURALS = {
    "people": "person",
    "clothes": "clothing",
    "skis": "ski",
    "taxis": "taxi",
    "ads": "ad",
    "cvs": "cv",
    "skus": "sku",
    "children": "child",
    "midwives": "midwife",
    "calves": "calf",
    "thieves": "thief",
    "men": "man",
    "women": "woman",
    "mice": "mouse",
    "geese": "goose",
    "feet": "foot",
    "teeth": "tooth",
    "data": "data",
    "criteria": "criterion",
    "media": "media",
    "analyses": "analysis",
    "diagnoses": "diagnosis",
    "theses": "thesis",
    "prostheses": "prosthesis",
    "hypotheses": "hypothesis",
    "syntheses": "synthesis",
    "parentheses": "parenthesis",
    "emphases": "emphasis",
    "crises": "crisis",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "appendices": "appendix",
    "leaves": "leave",
    "wolves": "wolf",
    "knives": "knife",
    "lives": "life",
    "wives": "wife",
    "halves": "half",
    "shelves": "shelf",
    "loaves": "loaf",
    "quizzes": "quiz",
    "buses": "bus",
    "statuses": "status",
    "campuses": "campus",
    "viruses": "virus",
    "bonuses": "bonus",
    "syllabuses": "syllabus",
    "syllabi": "syllabus",
    "curricula": "curriculum",
    "alumni": "alumnus",
    "cacti": "cactus",
    "fungi": "fungus",
    "stimuli": "stimulus",
    "phenomena": "phenomenon",
    "series": "series",
    "species": "species",
    "news": "news",
    "sheep": "sheep",
    "fish": "fish",
    "aircraft": "aircraft",
    "equipment": "equipment",
    "software": "software",
    "inventory": "inventory",
    "movies": "movie",
    "cookies": "cookie",
    "ties": "tie",
    "pies": "pie",
    "lies": "lie",
    "zombies": "zombie",
    "calories": "calorie",
    "menus": "menu",
    "invoices": "invoice",
    "courses": "course",
    "licenses": "license",
    "licences": "licence",
    "expenses": "expense",
    "responses": "response",
    "purchases": "purchase",
    "databases": "database",
    "warehouses": "warehouse",
    "houses": "house",
    "cases": "case",
    "phases": "phase",
    "releases": "release",
    "leases": "lease",
    "vases": "vase",
    "bases": "base",
    "promises": "promise",
    "premises": "premises",
    "franchises": "franchise",
    "exercises": "exercise",
    "enterprises": "enterprise",
    "nurses": "nurse",
    "horses": "horse",
    "clauses": "clause",
    "causes": "cause",
    "pauses": "pause",
    "uses": "use",
    "excuses": "excuse",
    "doses": "dose",
    "hoses": "hose",
    "noses": "nose",
    "roses": "rose",
    "purposes": "purpose",
    "analyses_": "analysis",
    "axes": "axis",
    "boxes": "box",
    "taxes": "tax",
    "fixes": "fix",
    "mailboxes": "mailbox",
    "sandboxes": "sandbox",
    "addresses": "address",
    "classes": "class",
    "passes": "pass",
    "glasses": "glass",
    "businesses": "business",
    "processes": "process",
    "accesses": "access",
    "successes": "success",
    "witnesses": "witness",
    "gases": "gas",
    "aliases": "alias",
    "canvases": "canvas",
    "atlases": "atlas",
}
_IRREGULAR_SINGULARS = {v: k for k, v in _IRREGULAR_PLURALS.items() if not k.endswith("_")}
_UNCOUNTABLE = _words(
    "data media series species news sheep fish aircraft equipment software inventory "
    "information feedback staff analytics metadata progress research evidence furniture "
    "luggage baggage merchandise stock mail traffic music weather advice money cash "
    "knowledge content telemetry status access business process address class glass pass "
    "gas alias canvas atlas bus campus virus bonus syllabus cactus thesis analysis diagnosis "
    "crisis basis axis physics mathematics economics logistics ethics athletics "
    "chess news lens premises christmas xmas kudos chaos ethos goods"
)
_S_ENDINGS_KEEP = ("ss", "us", "is")


_PARTICLE_PLURALS = frozenset(("ins", "ups", "outs", "offs", "ons", "overs", "downs", "backs", "bys"))


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """Return the singular of an English noun ("categories" -> "category")."""
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[w]
    if w in _UNCOUNTABLE or len(w) <= 3:
        return w
    if "_" in w or " " in w or "-" in w:
        sep = "_" if "_" in w else (" " if " " in w else "-")
        head, _, last = w.rpartition(sep)
        if last in _PARTICLE_PLURALS:
            return head + sep + last[:-1]  # "check-ins", "drop-offs", "add-ons"
        return head + sep + singular(last)
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "zzes", "sses")):
        return w[:-2]
    if w.endswith("oes") and w not in ("shoes", "canoes"):
        return w[:-2]
    if w.endswith("ves") and w[:-3] + "f" in ("shelf", "half", "wolf", "loaf"):
        return w[:-3] + "f"
    if w.endswith("s") and not w.endswith(_S_ENDINGS_KEEP):
        return w[:-1]
    return w


def with_article(word: str) -> str:
    """Return "an order item" for order_item: the name in words, after "a" or "an"."""
    text = word.replace("_", " ")
    vowel_sound = text[:1] in "aeiou" and not text.startswith(_YOU_SOUND) or text.startswith(_SILENT_H)
    return ("an " if vowel_sound else "a ") + text


# "a user", "a unit", "a euro"; "an hour", "an honest".
_YOU_SOUND = ("use", "usu", "uni", "uti", "ura", "euro", "eu", "one ", "once")
_SILENT_H = ("hour", "honest", "honour", "honor", "heir")


@lru_cache(maxsize=8192)
def plural(word: str) -> str:
    """Return the plural of an English noun ("category" -> "categories")."""
    w = word.lower()
    if "_" in w:
        head, _, last = w.rpartition("_")
        return head + "_" + plural(last)
    if w in _IRREGULAR_SINGULARS:
        return _IRREGULAR_SINGULARS[w]
    if w in ("data", "media", "series", "species", "news", "equipment", "software", "staff",
             "inventory", "feedback", "metadata", "telemetry", "content", "stock", "mail"):
        return w
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return w[:-1] + "ies"
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    return w + "s"


def is_plural(word: str) -> bool:
    """Return True when `word` looks like a plural noun."""
    w = word.lower()
    return singular(w) != w or w in ("people", "children", "data")


NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "a thousand": 1000,
    "a million": 1_000_000,
    "dozen": 12,
    "a dozen": 12,
    "a couple of": 2,
    "a few": 3,
    "single": 1,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "k": 1000,
}

_ING_NOUNS = _words(
    "booking listing meeting building setting rating training billing shipping pricing "
    "parking housing wedding clothing painting drawing recording offering posting opening "
    "reading readings warning filing finding funding holding landing lodging mapping "
    "marking planning ranking routing saving seating screening sighting spending standing "
    "timing topping tracking wording earning earnings bookings listings meetings buildings "
    "settings ratings paintings drawings recordings offerings postings openings warnings "
    "findings holdings savings screenings sightings toppings thing things ring rings king "
    "kings string strings spring evening evenings morning mornings ceiling ceilings "
    "sibling siblings pudding duckling inning outing boarding onboarding matching "
    "servings serving fitting fittings bedding"
)
_ED_NOUNS = _words(
    "bed beds seed seeds feed feeds shed speed speeds need needs hundred hundreds "
    "breed breeds deed deeds creed weed weeds reed sled"
)

def _domain_verbs() -> frozenset[str]:
    """Domain nouns (and their plurals) that are also verb forms: "chunks", "grades"."""
    from archnb.engines.offline.vocabulary import DOMAIN_NOUNS

    found = set()
    for noun in DOMAIN_NOUNS:
        if "_" in noun:
            continue
        for form in (noun, plural(noun)):
            if form in VERB_FORMS:
                found.add(form)
    return frozenset(found)


NOUN_VERBS = NOUN_VERBS | _domain_verbs()
_WORD_CLASS_CACHE: dict[str, str] = {}


def word_class(word: str) -> str:
    """Return a coarse class for a lower-case word, without context.

    D determiner, P preposition, C conjunction, M auxiliary/modal, R pronoun, A adverb,
    J adjective, V verb, X noun-or-verb, N number, W noun (the default for unknown words).
    """
    known = _WORD_CLASS_CACHE.get(word)
    if known is not None:
        return known
    result = _classify(word)
    _WORD_CLASS_CACHE[word] = result
    return result


_NUMERIC = re.compile(r"^[\d$€£.,%]+[a-z]{0,2}$")


def _classify(word: str) -> str:
    if _NUMERIC.match(word) or word in NUMBER_WORDS:
        return "N"
    if word in DETERMINERS:
        return "D"
    if word in PREPOSITIONS:
        return "P"
    if word in CONJUNCTIONS:
        return "C"
    if word in AUXILIARIES:
        return "M"
    if word in PRONOUNS:
        return "R"
    if word in NOUN_VERBS:
        return "X"
    if word in ADVERBS and word in ADJECTIVES:
        return "A"  # "daily", "online": an adjective before a noun (resolved in context)
    if word in ADVERBS or (word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS):
        return "A"
    if word in ADJECTIVES or _superlative(word):
        return "J"
    if word in _ING_NOUNS or word in _ED_NOUNS:
        return "W"
    if word in VERB_FORMS:
        return "V"
    if word.endswith("ing") and len(word) > 5:
        return "V"
    if word.endswith("ed") and len(word) > 4:
        return "J"
    if word.endswith(("able", "ible", "ful", "ous", "less", "ish")) and len(word) > 5:
        return "J"
    if _measured(word):
        return "J"
    return "W"


# What a count measures in "a two-week timetable", "a three-bed house", "10-minute slots": a size.
_SIZE_UNITS = _words("second minute hour day night week fortnight month year term season bed storey "
                     "seat star page step stage tier way hole person man mile")


def _measured(word: str) -> bool:
    """"two-week", "three-bed", "10-minute": a count and what it counts, said of something else."""
    count, _, unit = word.partition("-")
    return bool(unit) and (count in NUMBER_WORDS or count.isdigit()) and unit in _SIZE_UNITS


# Adjectives that are not in ADJECTIVES only because they rarely stand alone in a brief; their
# comparative and superlative forms are adjectives too.
_SUPERLATIVE_BASES = _words("near close cheap busy far quiet nice fine tall short long wide heavy light young "
                            "strong weak rich poor deep dark bright warm cold hot cool clean fresh soon")


def _superlative(word: str) -> bool:
    """"the nearest driver", "the latest version", "our bigger customers": a superlative or
    comparative adjective (not "customer", "owner" or "cleaner", which are people)."""
    if word.endswith("est") and len(word) >= 6:
        stem = word[:-3]
    elif word.endswith("er") and len(word) >= 5 and word not in PERSON_NOUNS:
        stem = word[:-2]
    else:
        return False
    bases = {stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem,
             stem[:-1] + "y" if stem.endswith("i") else stem}
    return any(b in ADJECTIVES or b in _SUPERLATIVE_BASES for b in bases)


_LY_NOUNS = _words("family supply assembly rally ally belly jelly bully anomaly reply apply fly")
