"""The OpenID Connect relying party: Authlib for the code flow, joserfc for ID tokens.

One `OidcProvider` per tenant issuer. Discovery and JWKS are cached; a token signed with a
key id we have not seen triggers one JWKS refresh, so IdP key rotation needs no restart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

DISCOVERY_TTL_SECONDS = 3600
ALLOWED_ALGORITHMS = ("RS256", "PS256", "ES256")


class OidcError(Exception):
    """A login that must be refused; the message is safe to show."""


@dataclass
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str
    scopes: list[str]
    timeout: float = 10.0
    _discovery: dict[str, Any] = field(default_factory=dict)
    _discovered_at: float = 0.0
    _keys: KeySet | None = None

    async def discovery(self) -> dict[str, Any]:
        if not self._discovery or time.monotonic() - self._discovered_at > DISCOVERY_TTL_SECONDS:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.get(f"{self.issuer}/.well-known/openid-configuration")
            response.raise_for_status()
            document = response.json()
            if document.get("issuer") != self.issuer:
                raise OidcError("discovery document names another issuer")
            self._discovery, self._discovered_at = document, time.monotonic()
        return self._discovery

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            scope=" ".join(self.scopes),
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
            timeout=self.timeout,
        )

    async def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        endpoint = (await self.discovery())["authorization_endpoint"]
        url, _ = self._client(redirect_uri).create_authorization_url(
            endpoint, state=state, nonce=nonce, code_verifier=code_verifier
        )
        return str(url)

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> dict[str, Any]:
        endpoint = (await self.discovery())["token_endpoint"]
        async with self._client(redirect_uri) as client:
            try:
                token = await client.fetch_token(
                    endpoint,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
            except Exception as exc:
                raise OidcError(f"the identity provider refused the code ({exc})") from exc
        if "id_token" not in token:
            raise OidcError("the identity provider returned no ID token")
        return dict(token)

    async def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            uri = (await self.discovery())["jwks_uri"]
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.get(uri)
            response.raise_for_status()
            self._keys = KeySet.import_key_set(response.json())
        return self._keys

    async def validate_id_token(
        self, id_token: str, *, nonce: str, now: int | None = None
    ) -> dict[str, Any]:
        """Signature (JWKS), iss, aud, exp/iat and nonce; returns the claims."""
        try:
            try:
                token = jwt.decode(id_token, await self._key_set(), algorithms=ALLOWED_ALGORITHMS)
            except (ValueError, JoseError):
                # Unknown kid after a key rotation: fetch the JWKS once more, then decide.
                token = jwt.decode(
                    id_token, await self._key_set(refresh=True), algorithms=ALLOWED_ALGORITHMS
                )
            registry = jwt.JWTClaimsRegistry(
                now=now,
                leeway=60,
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.client_id},
                sub={"essential": True},
                exp={"essential": True},
                iat={"essential": True},
                nonce={"essential": True, "value": nonce},
            )
            registry.validate(token.claims)
        except (ValueError, JoseError) as exc:
            raise OidcError(f"ID token rejected: {exc}") from exc
        claims = dict(token.claims)
        audiences = claims.get("aud")
        if (
            isinstance(audiences, list)
            and len(audiences) > 1
            and claims.get("azp") != self.client_id
        ):
            raise OidcError("ID token rejected: azp does not name this client")
        return claims

    def end_session_url(self, *, id_token_hint: str, post_logout_redirect_uri: str) -> str | None:
        endpoint = self._discovery.get("end_session_endpoint")
        if not endpoint:
            return None
        query = httpx.QueryParams(
            id_token_hint=id_token_hint, post_logout_redirect_uri=post_logout_redirect_uri
        )
        return f"{endpoint}?{query}"
