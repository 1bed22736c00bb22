#!/usr/bin/env python3
"""A loopback stand-in for a /v1/responses server: answers POST /v1/responses with one fixed completed response.

A request that offers a get_weather function tool (samples/workflows/tool-loop.json) plays a tool turn instead: without a
function_call_output in its input the model asks for get_weather; with one it answers in text.

Usage: fake-responses-server.py PORT_FILE. Binds 127.0.0.1 on a free port and writes the port to PORT_FILE.
"""
import http.server
import json
import sys


def response(id, output, input_tokens, output_tokens):
    return json.dumps({
        "id": id, "object": "response", "status": "completed", "model": "m", "output": output,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens, "total_tokens": input_tokens + output_tokens},
    }).encode()


def message(text):
    return [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]}]


RESPONSE = response("resp_1", message("Hi!"), 3, 2)
TOOL_CALL = response("resp_tool_1", [{"type": "function_call", "id": "fc_1", "call_id": "call_weather_1", "name": "get_weather",
                                      "arguments": json.dumps({"city": "Amsterdam"}), "status": "completed"}], 30, 11)
TOOL_ANSWER = response("resp_tool_2", message("It is sunny and 21 °C in Amsterdam."), 40, 14)


def answer(body):
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return RESPONSE
    tools = request.get("tools") or []
    if not any(t.get("type") == "function" and t.get("name") == "get_weather" for t in tools if isinstance(t, dict)):
        return RESPONSE
    items = request.get("input") if isinstance(request.get("input"), list) else []
    answered = any(isinstance(i, dict) and i.get("type") == "function_call_output" for i in items)
    return TOOL_ANSWER if answered else TOOL_CALL


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        found = self.path.split("?")[0] == "/v1/responses"
        payload = answer(body) if found else b""
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
