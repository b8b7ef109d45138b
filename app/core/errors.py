"""Domain errors and the error pages every part of the site shares."""
from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the festival refused an action; ``message`` is shown to the user, translated.

    ``field`` names the form input the refusal is about, so a form shows it next to that input.
    """

    status_code = 400

    def __init__(self, message, *, field: str | None = None, **params):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class NotAllowed(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


ERROR_TITLES = {
    400: _l("Bad request"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("The file is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
}

ERROR_EXPLANATIONS = {
    400: _l("The request could not be understood. Go back and try again."),
    403: _l("Your account is not allowed to do this. If you think it should be, ask the organisers."),
    404: _l("The page you asked for does not exist or has moved."),
    405: _l("This page cannot be used that way."),
    409: _l("This conflicts with the current state of the data. Reload and try again."),
    413: _l("The upload is larger than the platform accepts."),
    429: _l("You tried too many times in a short while. Wait a minute and try again."),
    500: _l("An unexpected error happened. The organisers have been told; please try again later."),
}


def render_error(status: int, message: str | None = None):
    title = ERROR_TITLES.get(status, ERROR_TITLES[500])
    explanation = message or ERROR_EXPLANATIONS.get(status, ERROR_EXPLANATIONS[500])
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(title), message=str(explanation)), status
    return render_template("errors/error.html", status=status, title=title, explanation=explanation), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, str(_l("The form expired or was sent from another site. Reload the page and try again.")))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(error.status_code, str(error))

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error")
        from app.extensions import db

        db.session.rollback()
        return render_error(500)
