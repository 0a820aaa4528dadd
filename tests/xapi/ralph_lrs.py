"""
Run Ralph's LRS (ralph-malph) on the filesystem backend, for the xAPI tests.

This is what ``ralph runserver --backend fs`` runs (the ``ralph.api:app`` FastAPI app under
uvicorn), with two differences that a test needs:

* no auto-reloader process, so the fixture can stop the server by its process id;
* the filesystem backend appends statements to its file. Ralph 5.1's ``fs`` LRS backend writes
  with "create" by default, so only the first write ever succeeds (later ones answer 500
  "Statements bulk indexation failed": the file already exists). Appending is the same backend
  with the mode its own ``write`` offers.

Ralph reads its configuration from the environment (``RALPH_AUTH_FILE``,
``RALPH_RUNSERVER_BACKEND``, ``RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH``); the fixture in
``conftest.py`` sets them. Usage: ``python ralph_lrs.py HOST PORT``.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")
