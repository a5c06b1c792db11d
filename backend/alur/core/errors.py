"""Domain errors, mapped to HTTP answers in one place (alur.app)."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    status_code = 404

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} tidak ditemukan")


class ValidationError(DomainError):
    status_code = 422


class ConflictError(DomainError):
    status_code = 409


class PermissionDeniedError(DomainError):
    status_code = 403


class TooLargeError(DomainError):
    status_code = 413
