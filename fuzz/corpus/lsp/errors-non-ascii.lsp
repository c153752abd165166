Content-Length: 253

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}, "documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 305

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///w/demo.arch", "languageId": "arch", "version": 1, "text": "network demo {\n  input x: 1x28x28\n  meta { task: \"naïve 𝄞\", classes: 0 }; c = conv(x, 0, 5)\n  x = relu(c)\n  output fc(missing, 10)\n}\n"}}}Content-Length: 161

{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///w/demo.arch"}, "position": {"line": 2, "character": 50}}}Content-Length: 166

{"jsonrpc": "2.0", "id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///w/demo.arch"}, "position": {"line": 3, "character": 11}}}Content-Length: 50

{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}