"""A minimal Language Server Protocol client for the editor tests.

It drives the real ``yaml-language-server`` (the server inside VS Code's YAML
extension, pinned in ``tools/lsp/package.json``) over stdio the way VS Code
does: ``initialize``, the ``yaml.*`` settings, ``didOpen``, then hover and the
published diagnostics. The server is offline: schemas come from the records'
``file://`` modelines and the JSON Schema Store is switched off.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Self

REPO = Path(__file__).resolve().parents[1]
SERVER = REPO / "tools" / "lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"

SETTINGS: dict[str, Any] = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "yamlVersion": "1.2",
        "schemaStore": {"enable": False},
        "format": {"enable": False},
        "schemas": {},
    },
    "http": {"proxy": "", "proxyStrictSSL": True},
    "[yaml]": {"editor.tabSize": 2},
}


class LspError(Exception):
    """The server did not answer as the protocol requires (or did not start)."""


class YamlLanguageServer:
    """One running ``yaml-language-server --stdio``; use as a context manager.

    :meth:`hover` returns the hover's Markdown text (``""`` when none);
    :meth:`diagnostics` returns the LSP ``Diagnostic`` dicts published for a
    document. Raises :class:`LspError` on a timeout or a server error.
    """

    def __init__(self, root: Path, timeout: float = 30.0) -> None:
        node = shutil.which("node")
        if node is None or not SERVER.is_file():
            raise LspError(f"yaml-language-server is not installed: run `make lsp` ({SERVER})")
        self.root = root
        self.timeout = timeout
        self._next_id = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._diag_event = threading.Condition()
        self._versions: dict[str, int] = {}
        self._proc = subprocess.Popen(
            [node, str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=root,
        )
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # -- transport -----------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self._proc.stdin is not None
        self._proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._proc.stdin.flush()

    def _read_loop(self) -> None:
        stream = self._proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            self._dispatch(json.loads(stream.read(length)))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            self._answer(message)
        elif "id" in message:
            self._responses.setdefault(message["id"], queue.Queue()).put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            with self._diag_event:
                params = message["params"]
                self._diagnostics[params["uri"]] = params["diagnostics"]
                self._diag_event.notify_all()

    def _answer(self, request: dict[str, Any]) -> None:
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [SETTINGS.get(item.get("section", "")) for item in request["params"]["items"]]
        self._send({"id": request["id"], "result": result})

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        ident = self._next_id
        box = self._responses.setdefault(ident, queue.Queue())
        self._send({"id": ident, "method": method, "params": params})
        try:
            reply = box.get(timeout=self.timeout)
        except queue.Empty:
            raise LspError(f"no answer to {method} within {self.timeout} s") from None
        if "error" in reply:
            raise LspError(f"{method}: {reply['error']}")
        return reply.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    # -- lifecycle -------------------------------------------------------------

    def __enter__(self) -> Self:
        self.request("initialize", {
            "processId": None,
            "rootUri": self.root.as_uri(),
            "workspaceFolders": [{"uri": self.root.as_uri(), "name": self.root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False}},
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {"relatedInformation": False},
                    "synchronization": {"didSave": True},
                },
            },
            "initializationOptions": {},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
        return self

    def __exit__(self, *_: object) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self._proc.wait(timeout=5)
        except (LspError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self._proc.poll() is None:
                self._proc.kill()
                self._proc.wait()

    # -- documents -------------------------------------------------------------

    def open(self, path: Path, text: str | None = None) -> str:
        """Open ``path`` (with ``text`` instead of its content, if given); return its URI."""
        uri = path.resolve().as_uri()
        with self._diag_event:
            self._diagnostics.pop(uri, None)
        self._versions[uri] = 1
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text("utf-8") if text is None else text,
        }})
        return uri

    def diagnostics(self, uri: str, settle: float = 1.0) -> list[dict[str, Any]]:
        """The diagnostics last published for ``uri``, once none came for ``settle`` s."""
        deadline = time.monotonic() + self.timeout
        with self._diag_event:
            while uri not in self._diagnostics:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspError(f"no diagnostics for {uri} within {self.timeout} s")
                self._diag_event.wait(left)
            while True:  # the server may publish again once a schema has loaded
                before = self._diagnostics[uri]
                self._diag_event.wait(settle)
                if self._diagnostics[uri] is before:
                    return before

    def hover(self, uri: str, line: int, character: int) -> str:
        """The hover text at a 0-based position, as Markdown (``""`` when none)."""
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character},
        })
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return str(contents.get("value", ""))
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        return str(contents)
