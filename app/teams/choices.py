"""Fixed lists used by organisation profiles, with translated labels."""
from flask_babel import lazy_gettext as _l

ORGANISATION_KINDS = {
    "startup": _l("Startup"),
    "company": _l("Company"),
    "university": _l("University or research institute"),
    "fund": _l("Investment fund"),
    "support": _l("Support organisation (incubator, accelerator, agency)"),
}

SECTORS = {
    "agritech": _l("Agriculture and food (agritech)"),
    "edtech": _l("Education (edtech)"),
    "fintech": _l("Finance (fintech)"),
    "healthtech": _l("Health (healthtech)"),
    "ecommerce": _l("Retail and e-commerce"),
    "logistics": _l("Logistics and mobility"),
    "cleantech": _l("Energy, environment and circular economy"),
    "manufacturing": _l("Manufacturing and industry 4.0"),
    "tourism": _l("Tourism and culture"),
    "proptech": _l("Real estate and construction"),
    "cybersecurity": _l("Cyber-security"),
    "ai_data": _l("Artificial intelligence and data"),
    "media": _l("Media, entertainment and Tech Art"),
    "govtech": _l("Digital transformation and government services"),
    "other": _l("Other"),
}

STAGES = {
    "idea": _l("Idea"),
    "prototype": _l("Prototype"),
    "mvp": _l("Product on the market (MVP)"),
    "revenue": _l("Early revenue"),
    "growth": _l("Growth"),
    "established": _l("Established"),
}
