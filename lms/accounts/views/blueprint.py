"""The accounts blueprint and what its pages share; each page module registers its routes
on it (the package imports them all)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="../templates")
