"""Domain errors, mapped to HTTP answers in one place (alur.app)."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in a parse process and re-raised here: keep the class, message and field
        # whatever the subclass's own constructor takes.
        return (_rebuild, (type(self), self.message, self.field, dict(self.__dict__)))


def _rebuild(
    cls: type[DomainError], message: str, field: str | None, state: dict[str, object]
) -> DomainError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    error.message, error.field = message, field
    return error


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


class TooManyRequestsError(DomainError):
    """Answered with a Retry-After header, so well-behaved clients back off on their own."""

    status_code = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
