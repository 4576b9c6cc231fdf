"""The phrase lists (``phrases.toml``) against real sentences, both languages.

Each list is data the rules read; these sentences are what real Norwegian and
English privacy statements write (and what they write instead when they do
it right), so a change to a pattern that loses one of them fails here.
"""

from __future__ import annotations

import json
import time

import pytest

from privacy_as_code import phrases
from privacy_as_code.law import names_law_beyond_gdpr
from tests.conftest import REPO

VAGUE_RETENTION = [
    # Norwegian, as published
    "Vi lagrer opplysningene så lenge det er nødvendig.",
    "Opplysningene lagres så lenge dette oppfyller formålet med behandlingen.",
    "Vi oppbevarer opplysningene så lenge særlover krever det.",
    "Så lenge det er nødvendig for å oppfylle formålene",
    "Personopplysninger lagres så lenge vi har et saklig behov for dem.",
    "Vi beholder dataene så lenge kundeforholdet varer.",
    "så lenge avtaleforholdet består",
    "Opplysningene slettes når de ikke lenger er nødvendige for formålet.",
    "Vi sletter når vi ikke lenger har bruk for dem.",
    "Opplysningene blir slettet når de ikke lenger trengs.",
    "Vi lagrer ikke opplysningene lenger enn det som er nødvendig.",
    "Vi lagrer dem så lang tid som er nødvendig for formålet.",
    "Lagres inntil formålet er oppfylt.",
    "Slettes når formålet med behandlingen er nådd.",
    "Data lagres på ubestemt tid.",
    "Lagres etter behov.",
    "Vi oppbevarer opplysningene så lenge lovgivningen krever.",
    "Vi lagrar opplysningane så lenge det er naudsynt.",  # nynorsk
    "Opplysningene lagres så lenge du er kunde hos oss.",
    "Vi lagrer personopplysningene så lenge det er saklig grunn til det.",
    "Vi oppbevarer opplysningene så lenge det er hensiktsmessig.",
    "Vi lagrer opplysningene i den tiden det er behov for det.",
    "Vi oppbevarer opplysningene i samsvar med gjeldende lovgivning.",
    "Opplysningene lagres i henhold til gjeldende regelverk.",
    "Opplysningene lagres inntil videre.",
    "Vi lagrer opplysningene i en rimelig periode.",
    # English, as published
    "We keep your data as long as necessary.",
    "We keep the data for as long as we need it.",
    "Personal data is retained as long as required.",
    "We store it for as long as is reasonably necessary for the purposes.",
    "as long as the customer relationship lasts",
    "We will retain your data no longer than necessary.",
    "We delete the data when it is no longer needed.",
    "Until no longer needed.",
    "Once we no longer need your data, we delete it.",
    "We keep it until the purpose has been fulfilled.",
    "Kept for the period necessary to fulfil the purposes.",
    "Data is stored indefinitely.",
    "We keep records as required by law.",
    "We retain your personal data for as long as you are a customer.",
    "Data is kept as long as there is a legitimate business reason to keep it.",
    "We retain it for as long as it is appropriate.",
    "Personal data is stored in accordance with applicable law.",
    "We keep it in line with our retention policy.",
    "Your data is stored until further notice.",
    "We retain personal data for a reasonable period.",
]

UPPER_LIMIT = [
    "Vi lagrer opplysningene i inntil 24 måneder.",
    "Opptak fra kameraovervåkingen slettes senest etter 7 dager.",
    "Vanligvis sletter vi søknaden etter tre måneder, senest ett år etter at stillingen er besatt.",
    "Logger lagres i maksimalt 90 dager.",
    "Vi beholder dem ikke lenger enn seks måneder.",
    "We keep your data for up to 24 months.",
    "CCTV footage is deleted after 7 days at the latest.",
    "Logs are kept for no longer than 90 days.",
    "Applications are kept for a maximum of six months.",
]

FIXED_PERIOD = [
    "Vi sletter søknaden seks måneder etter at stillingen er besatt.",
    "Regnskapsmateriale oppbevares i fem år etter regnskapsårets slutt.",
    "We keep consultants' CVs up to date and send them to clients.",
    "It is up to you whether to give a statement about the applicant.",
    "We delete applications six months after the recruitment process ends.",
]


@pytest.mark.parametrize("sentence", UPPER_LIMIT)
def test_an_upper_limit_is_recognised(sentence: str) -> None:
    assert phrases.search("retention_up_to", sentence)


@pytest.mark.parametrize("sentence", FIXED_PERIOD)
def test_a_fixed_period_is_not(sentence: str) -> None:
    assert not phrases.search("retention_up_to", sentence)

CONCRETE_RETENTION = [
    "Vi sletter søknaden seks måneder etter at stillingen er besatt.",
    "Regnskapsmateriale oppbevares i fem år etter regnskapsårets slutt (bokføringsloven § 13).",
    "Vi sletter påmeldingen tre måneder etter arrangementet.",
    "Samtykket dokumenteres i tolv måneder etter at du meldte deg av.",
    "Vi lagrer logger i 90 dager.",
    "We delete applications six months after the recruitment process ends.",
    "Invoices are kept for five years after the end of the financial year.",
    "Your e-mail address is deleted the day you unsubscribe.",
    "We keep the visitor log for 30 days, then delete it.",
    "The long-term archive is kept under the Archives Act.",
]


@pytest.mark.parametrize("sentence", VAGUE_RETENTION)
def test_vague_retention_is_recognised(sentence: str) -> None:
    assert phrases.search("retention_vague", sentence)


@pytest.mark.parametrize("sentence", CONCRETE_RETENTION)
def test_concrete_retention_is_not(sentence: str) -> None:
    assert not phrases.pattern("retention_vague").search(sentence)


def test_every_section_compiles_and_is_used() -> None:
    # A section no rule reads would be a second, dead copy of a phrase list.
    assert set(phrases.sections()) == {
        "retention_vague", "retention_up_to", "consent_by_use", "consent_browser", "placeholder",
        "gdpr_reference", "law_name", "tracking_mention"}
    for section in phrases.sections():
        assert phrases.pattern(section).pattern


@pytest.mark.parametrize("statute", [
    "artikkel 6.e", "GDPR art. 6 (1) c", "personvernforordningen artikkel 6",
    "Art. 6(1)(c) GDPR", "forordning (EU) 2016/679 art. 6 nr. 1 bokstav c",
    "Regulation (EU) 2016/679, Article 6(1)(e)", "EU-forordningen art 6",
    "personopplysningsloven § 1", "personopplysningsloven", "art. 6 nr. 1 bokstav c",
    "GDPR Article 9(2)(b)", "Article 6(1)(e) of the GDPR",
])
def test_a_statute_that_is_only_the_gdpr_names_no_law(statute: str) -> None:
    assert not names_law_beyond_gdpr(statute)


@pytest.mark.parametrize("statute", [
    "bokføringsloven § 13", "forvaltningsloven", "Regulation (EU) 2019/1150",
    "arkivlova § 6", "personopplysningsloven § 12", "LOV-2004-11-19-73", "lov om arkiv",
    "arbeidsmiljøloven § 14-15 jf. GDPR art. 6 nr. 1 c", "the Bookkeeping Act section 13",
    "Directive (EU) 2015/849", "hvitvaskingsloven", "forskrift om offentlege arkiv",
    "skatteforvaltningsloven § 7-2",
    # the GDPR's own obligations are Union law: answering requests, breach notification
    "personopplysningsloven § 1, jf. personvernforordningen artikkel 12 til 22",
    "GDPR art. 33", "personopplysningsloven § 1-2",
])
def test_a_statute_naming_norwegian_or_eu_law_passes(statute: str) -> None:
    assert names_law_beyond_gdpr(statute)


CONSENT_BY_USE = [
    "Ved å bruke nettstedet samtykker du til at vi bruker informasjonskapsler.",
    "Ved å benytte våre tjenester godtar du denne personvernerklæringen.",
    "Ved å besøke nettsiden aksepterer du vilkårene.",
    "Ved fortsatt bruk av nettstedet samtykker du til bruk av cookies.",
    "Du samtykker til behandlingen ved å bruke tjenesten.",
    "Bruk av nettstedet innebærer at du godtar vår bruk av informasjonskapsler.",
    "Hvis du fortsetter å bruke nettstedet, går vi ut fra at du godtar dette.",
    "By using our website you consent to our use of cookies.",
    "By continuing to browse the site, you agree to our use of cookies.",
    "You agree to this policy by using our services.",
    "Continued use of the site constitutes acceptance of this privacy policy.",
    "If you continue to use this site we will assume that you are happy with it.",
]

NOT_CONSENT_BY_USE = [
    "Når du bruker skjemaet for å melde deg på, ber vi om samtykke.",
    "Du kan bruke nettstedet uten å samtykke til noe.",
    "Du gir samtykke ved å krysse av i boksen, og du kan bruke nettstedet like fullt.",
    "We ask for your consent when you sign up; you can use the website without it.",
    "By ticking the box you consent to receiving the newsletter.",
]

CONSENT_BROWSER = [
    "Du kan slå av informasjonskapsler i nettleseren din.",
    "Du kan når som helst endre innstillingene for informasjonskapsler i nettleseren.",
    "Ønsker du ikke cookies, kan du blokkere dem i nettleserinnstillingene.",
    "You can turn cookies off in your browser.",
    "You can withdraw consent by changing your browser settings.",
    "Most browsers let you block or delete cookies.",
]

NOT_CONSENT_BROWSER = [
    "Klikk «Meld av» i hvert nyhetsbrev.",
    "Velg «Innstillinger for informasjonskapsler» nederst på siden.",
    "Click 'Unsubscribe' in every newsletter.",
    "Choose 'Cookie settings' at the bottom of every page and untick the box.",
]


@pytest.mark.parametrize("sentence", CONSENT_BY_USE)
def test_consent_by_use_is_recognised(sentence: str) -> None:
    assert phrases.pattern("consent_by_use").search(sentence)
    assert phrases.search("consent_by_use", sentence)  # its cue is there too


@pytest.mark.parametrize("sentence", NOT_CONSENT_BY_USE)
def test_asking_for_consent_is_not_consent_by_use(sentence: str) -> None:
    assert not phrases.pattern("consent_by_use").search(sentence)


@pytest.mark.parametrize("sentence", CONSENT_BROWSER)
def test_browser_settings_as_consent_are_recognised(sentence: str) -> None:
    assert phrases.pattern("consent_browser").search(sentence)
    assert phrases.search("consent_browser", sentence)


@pytest.mark.parametrize("sentence", NOT_CONSENT_BROWSER)
def test_a_real_withdrawal_is_not_browser_settings(sentence: str) -> None:
    assert not phrases.pattern("consent_browser").search(sentence)


# Sentences of the kind published Norwegian statements use (naturgarden.no, kattnakken.no,
# bcc.no, protectorforsikring.no cookie pages, read through the search tool's stored pages):
# each names a cookie or similar technology, so the activity must list it in `tracking`.
TRACKING_MENTIONS = [
    "Vi bruker informasjonskapsler for å gjøre nettstedet vårt mer brukervennlig.",
    "Me nyttar informasjonskapslar mellom anna for å kjenna igjen deg som brukar.",
    "Med informasjonskapsler kan man registrere hvordan internettbrukere navigerer rundt på nettsider.",
    "Måle påmeldinger fra annonser med en sporingspiksel.",
    "Vi bruker Meta-piksel for å måle annonser.",
    "Measure sign-ups from adverts with a tracking pixel.",
    "The app uses the Firebase SDK to count installs.",
    "Remember your choice in localStorage.",
    "Analytics cookies help us understand how visitors use the website.",
]

NOT_TRACKING_MENTIONS = [
    "Sende nyhetsbrev til deg som har meldt deg på.",
    "Vurdere om du passer til stillingen, og kalle deg inn til intervju.",
    "Oppfylle bokføringsplikten.",
    "Deliver the website's pages to your browser.",
    "Detect and fix errors and attacks on the website using the technical log.",
]


@pytest.mark.parametrize("sentence", TRACKING_MENTIONS)
def test_cookies_and_pixels_are_recognised(sentence: str) -> None:
    assert phrases.search("tracking_mention", sentence)


@pytest.mark.parametrize("sentence", NOT_TRACKING_MENTIONS)
def test_ordinary_purposes_mention_no_tracking(sentence: str) -> None:
    assert not phrases.search("tracking_mention", sentence)


PLACEHOLDERS = [
    "ukjent", "Ukjent.", "ikke oppgitt", "Ikke oppgitt i kilden", "Formålet er ikke oppgitt.",
    "Formål: ukjent", "ukjent formål", "Ikke avklart ennå", "uavklart", "fylles inn senere",
    "unknown", "Unknown purpose", "Purpose: unknown", "The purpose is not stated.",
    "not stated", "Not yet decided", "TBD", "tba", "to be confirmed", "N/A", "n/a", "-", "?", "...",
]

REAL_TEXTS = [
    "Fakturere kunder, også når betaleren er ukjent for oss på forhånd.",
    "Vi sletter e-post fra ukjente avsendere etter 30 dager.",
    "Sende nyhetsbrev til deg som har meldt deg på.",
    "Oppfylle bokføringsplikten.",
    "Send the newsletter to people who signed up.",
    "Answer enquiries from unknown senders.",
    "Nei",
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_a_placeholder_is_recognised(text: str) -> None:
    assert phrases.pattern("placeholder").fullmatch(phrases.normalise(text))


@pytest.mark.parametrize("text", REAL_TEXTS)
def test_a_real_text_is_not_a_placeholder(text: str) -> None:
    assert not phrases.pattern("placeholder").fullmatch(phrases.normalise(text))


def test_phrases_are_looked_for_in_as_much_text_as_a_record_may_hold() -> None:
    common = json.loads((REPO / "schemas" / "common.schema.json").read_text("utf-8"))
    assert common["$defs"]["non_empty_string"]["maxLength"] == phrases.LONGEST_TEXT
    assert phrases.search("retention_vague", "x" * (phrases.LONGEST_TEXT - 30) + " så lenge det er nødvendig")


def test_a_huge_text_costs_no_more_than_the_longest_allowed() -> None:
    start = time.perf_counter()
    assert phrases.search("retention_vague", "så lenge " * 100_000) is None
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("section", [
    "consent_by_use", ("consent_by_use", "consent_browser"), "retention_vague", "tracking_mention",
    "placeholder"])
def test_texts_with_cue_finds_what_testing_each_text_finds(section: str | tuple[str, ...]) -> None:
    """The one-scan search (phrases.texts_with_cue) agrees with has_cue text by text,
    also where lower-casing changes a text's length ('İ') and at the texts' edges."""
    texts = ["Ved å bruke nettstedet samtykker du.", "", "samtykke", "bruk", "İİİ samtykke og bruk",
             "Du kan slå av informasjonskapsler i nettleseren.", "İ", "Vi lagrer dem så lenge det trengs",
             "consent\0use", "nothing here", "SAMTYKKE ved BRUK", "cookies are used", "TBD",
             "tracking technologies", "By continuing you consent"]
    for rotation in range(len(texts)):
        rotated = texts[rotation:] + texts[:rotation]
        assert phrases.texts_with_cue(section, rotated) == [
            i for i, text in enumerate(rotated) if phrases.has_cue(section, text)]
    assert phrases.texts_with_cue(section, []) == []
