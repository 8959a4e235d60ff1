"""The command-line face: parse, call the library, print. No process-mining logic here."""

from sagsflow.cli.app import app, main

__all__ = ["app", "main"]
