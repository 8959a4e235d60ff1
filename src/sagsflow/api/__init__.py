"""The REST API face (FastAPI): thin routes over the library."""
