"""A bare Flask hello-world: the ceiling the platform's pages are compared with (``hello_rps``)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"
