"""`OktaOrg`'s multifactor helpers: ask for MFA (through Okta's Policies API),
enrol a factor for a user (through the Factors API), and produce the code a
user would type: TOTP from the shared secret on the org's clock, email and SMS
codes from the outbox. Everything goes over HTTP, as the rest of `OktaOrg`."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pyotp

TOTP = "token:software:totp"
_STEP, _SKEW_STEPS = 30, 4          # Okta's TOTP: 30-second steps, two minutes of skew
_CODE = re.compile(r"\b(\d{6})\b")


@dataclass(frozen=True)
class Factor:
    """An enrolled factor: Okta's JSON, and the TOTP secret where there is one."""

    id: str
    user_id: str
    factor_type: str
    provider: str
    status: str
    secret: str | None
    json: dict


class FactorSteps:
    """Mixed into `OktaOrg` (which provides `api`, `http`, `outbox`, `_control`,
    `_group_id` and `_given_steps`)."""

    def require_mfa(self, *, groups: tuple[str, ...] | list[str] = (),
                    app: str | None = None) -> dict:
        """Ask for a second factor at every sign-in: for everyone, for members of `groups`
        (names or ids), or for one app's sign-ins (`app`: its client id). Returns the policy."""
        if app is not None:
            policy = self.api("POST", "policies",
                              json={"type": "ACCESS_POLICY", "name": f"MFA for {app}"})
            self.api("POST", f"policies/{policy['id']}/rules", json={
                "name": "2FA", "actions": {"appSignOn": {
                    "access": "ALLOW", "verificationMethod": {"factorMode": "2FA"}}}})
            self.api("PUT", f"apps/{app}/policies/{policy['id']}", expect=204)
            return policy
        body: dict = {"type": "OKTA_SIGN_ON", "name": f"MFA {list(groups) or 'everyone'}"}
        if groups:
            body["conditions"] = {"people": {"groups": {"include": [
                self._group_id(group) for group in groups]}}}
        policy = self.api("POST", "policies", json=body)
        self.api("POST", f"policies/{policy['id']}/rules", json={
            "name": "Require a factor", "actions": {"signon": {
                "access": "ALLOW", "requireFactor": True, "factorPromptMode": "ALWAYS"}}})
        return policy

    def enroll_factor(self, user: str, factor_type: str = TOTP, provider: str = "GOOGLE", *,
                      profile: dict | None = None, activate: bool = True) -> Factor:
        """Enrol a factor for `user` (id or login); `activate` makes it ACTIVE at once
        (TOTP with its current code, SMS and email with `?activate=true`)."""
        user_id = self.api("GET", f"users/{user}")["id"]
        direct = activate and factor_type in ("sms", "email")
        body = {"factorType": factor_type, "provider": provider}
        if profile is not None:
            body["profile"] = profile
        factor = self.api("POST", f"users/{user_id}/factors",
                          params={"activate": "true"} if direct else None, json=body)
        secret = (factor.get("_embedded") or {}).get("activation", {}).get("sharedSecret")
        if activate and secret:
            factor = self.api("POST", f"users/{user_id}/factors/{factor['id']}/lifecycle/activate",
                              json={"passCode": self.totp_code(secret)})
        return Factor(factor["id"], user_id, factor_type, provider, factor["status"], secret,
                      factor)

    def totp_code(self, factor: Factor | str) -> str:
        """The code an authenticator app shows for `factor` (or a secret) on the org's clock.

        Okta refuses a code whose 30-second step was used already, so a second call in
        the same step gives the next step's code (inside Okta's two minutes of skew):
        enrol and sign in, or sign in twice, without waiting."""
        secret = factor.secret if isinstance(factor, Factor) else factor
        if not secret:
            raise ValueError("a TOTP factor (or its shared secret) is needed")
        now_step = int(self.org_time() // _STEP)
        step = self._given_steps.get(secret, now_step - 1) + 1
        if not now_step <= step <= now_step + _SKEW_STEPS:
            step = now_step      # the clock moved (or went back at a reset)
        self._given_steps[secret] = step
        return pyotp.TOTP(secret).at(step * _STEP)

    def sent_code(self, to: str) -> str:
        """The code in the newest email or SMS text to `to` (an address or a phone number)."""
        for message in self.outbox(to):
            match = _CODE.search(message["body"])
            if match:
                return match.group(1)
        raise AssertionError(f"no code sent to {to} in the outbox")

    def verify_in_authn(self, answer: dict, factor: Factor):
        """Answer an MFA_REQUIRED transaction with `factor`: (response, its JSON)."""
        listed = {f["id"]: f for f in answer["_embedded"]["factors"]}
        if factor.id not in listed:
            raise AssertionError(f"factor {factor.id} is not offered: {sorted(listed)}")
        verify = listed[factor.id]["_links"]["verify"]["href"]
        body = {"stateToken": answer["stateToken"]}
        if factor.factor_type in ("sms", "email"):
            self.http.post(verify, json=body, timeout=30)      # sends the code
            to = factor.json["profile"].get("phoneNumber") or factor.json["profile"]["email"]
            body["passCode"] = self.sent_code(to)
        elif factor.factor_type == TOTP:
            body["passCode"] = self.totp_code(factor)
        else:
            raise ValueError("a security question's answer is the test's own: verify it "
                             "through /api/v1/authn")
        response = self.http.post(verify, json=body, timeout=30)
        return response, (response.json() if response.content else {})

    def org_time(self) -> float:
        """Now on the org's clock (the real time plus /_mock/clock's offset)."""
        return time.time() + self._control("GET", "clock")["offsetSeconds"]
