"""Every state change of the exhibition, one module per area."""
from app.core.errors import DomainError


def refusal(error_class, message, *, field: str | None = None, **params) -> DomainError:
    """A refusal naming the input it is about (``field``), so the form shows it next to that input."""
    error = error_class(message, **params)
    error.field = field
    return error
