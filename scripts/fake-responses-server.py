#!/usr/bin/env python3
"""A loopback stand-in for a /v1/responses server: answers POST /v1/responses with one fixed completed response.

Usage: fake-responses-server.py PORT_FILE. Binds 127.0.0.1 on a free port and writes the port to PORT_FILE.
"""
import http.server
import json
import sys

RESPONSE = json.dumps({
    "id": "resp_1", "object": "response", "status": "completed", "model": "m",
    "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi!"}]}],
    "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5},
}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        found = self.path.split("?")[0] == "/v1/responses"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(RESPONSE) if found else 0))
        self.end_headers()
        if found:
            self.wfile.write(RESPONSE)

    def log_message(self, format, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
