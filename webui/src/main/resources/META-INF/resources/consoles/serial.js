// The serial console of one VM (?vm=<id>) in xterm.js, over the console's WebSocket
// /api/v1/vms/{id}/console/serial: the guest's output arrives as text, every keystroke goes out as typed.
// The socket is signed in by the console's session cookie; the console checks the role and the origin.
import { consoleSocket, showStatus } from './socket.js';

const vm = new URLSearchParams(location.search).get('vm');
const term = new Terminal({ convertEol: true, cursorBlink: true, scrollback: 5000, rows: 30, cols: 100,
    fontFamily: 'DejaVu Sans Mono, monospace', fontSize: 14 });
term.open(document.getElementById('terminal'));
window.xensvTerminal = term; // for the browser tests: the terminal's buffer

const socket = consoleSocket(vm, 'serial');
let opened = false;
socket.addEventListener('open', () => {
    opened = true;
    showStatus('Serial console (Ctrl-C, arrows and backspace go to the guest). Click here to type.');
    term.focus();
});
socket.addEventListener('message', event => term.write(event.data));
socket.addEventListener('close', event => {
    if (opened || event.reason) { // a refused handshake was told by the socket's error already
        showStatus('Disconnected' + (event.reason ? ': ' + event.reason : '.') + ' Reload to connect again.', true);
    }
});
term.onData(keys => {
    if (socket.readyState === WebSocket.OPEN) {
        socket.send(keys);
    }
});
document.getElementById('status').addEventListener('click', () => term.focus());
