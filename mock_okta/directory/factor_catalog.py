"""The factors this org offers: types, providers, id prefixes, and Okta's 20
built-in security questions (Factors API `/catalog` and `/questions`)."""

from __future__ import annotations

from typing import NamedTuple

TOTP = "token:software:totp"


class FactorKind(NamedTuple):
    factor_type: str
    provider: str
    id_prefix: str          # the prefix Okta's ids carry for this kind
    policy_key: str         # its key in an MFA enrollment policy's `settings.factors`
    needs_activation: bool  # question is ACTIVE at once; the others wait for a code
    auto_activate: bool     # `?activate=true` is honoured (sms, email)
    label: str              # what the hosted page calls it
    amr: tuple[str, ...]    # what a sign-in with it adds to `amr` (RFC 8176 values, as Okta)


# Okta documents no `amr` value for the email factor; "email" is the mock's choice.
KINDS = (
    FactorKind(TOTP, "OKTA", "ost", "okta_otp", True, False, "Okta Verify", ("otp",)),
    FactorKind(TOTP, "GOOGLE", "uft", "google_otp", True, False, "Google Authenticator",
               ("otp",)),
    FactorKind("sms", "OKTA", "mbl", "okta_sms", True, True, "SMS Authentication",
               ("sms", "mca")),
    FactorKind("email", "OKTA", "emf", "okta_email", True, True, "Email Authentication",
               ("email",)),
    FactorKind("question", "OKTA", "ufs", "okta_question", False, False, "Security Question",
               ("kba",)),
)
_BY_TYPE = {(kind.factor_type, kind.provider): kind for kind in KINDS}
FACTOR_TYPES = sorted({kind.factor_type for kind in KINDS})


def kind_of(factor_type: object, provider: object) -> FactorKind | None:
    if not isinstance(factor_type, str) or not isinstance(provider, str):
        return None   # a JSON object or list here is simply no kind the org knows
    return _BY_TYPE.get((factor_type, provider))


def kind_by_policy_key(key: str) -> FactorKind | None:
    return next((kind for kind in KINDS if kind.policy_key == key), None)


SECURITY_QUESTIONS = {
    "disliked_food": "What is the food you least liked as a child?",
    "name_of_first_plush_toy": "What is the name of your first stuffed animal?",
    "first_award": "What did you earn your first medal or award for?",
    "favorite_security_question": "What is your favorite security question?",
    "favorite_toy": "What is the toy/stuffed animal you liked the most as a kid?",
    "first_computer_game": "What was the first computer game you played?",
    "favorite_movie_quote": "What is your favorite movie quote?",
    "first_sports_team_mascot": "What was the mascot of the first sports team you played on?",
    "first_music_purchase": "What music album or song did you first purchase?",
    "favorite_art_piece": "What is your favorite piece of art?",
    "grandmother_favorite_desert": "What was your grandmother's favorite dessert?",
    "first_thing_cooked": "What was the first thing you learned to cook?",
    "childhood_dream_job": "What was your dream job as a child?",
    "first_kiss_location": "Where did you have your first kiss?",
    "place_where_significant_other_was_met": "Where did you meet your spouse/significant other?",
    "favorite_vacation_location": "Where did you go for your favorite vacation?",
    "new_years_two_thousand": "Where were you on New Year's Eve in the year 2000?",
    "favorite_speaker_actor": "Who is your favorite speaker/orator?",
    "favorite_book_movie_character": "Who is your favorite book/movie character?",
    "favorite_sports_player": "Who is your favorite sports player?",
}
