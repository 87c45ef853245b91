// What both console pages share: the WebSocket to a VM's console on this origin, and the status line.

/** A WebSocket to /api/v1/vms/{vm}/console/{kind}, on this page's origin (ws: or wss: as the page). */
export function consoleSocket(vm, kind) {
    if (!vm) {
        showStatus('No VM given: open this page from a VM\'s Console tab.', true);
        throw new Error('no vm');
    }
    const url = new URL('../api/v1/vms/' + encodeURIComponent(vm) + '/console/' + kind, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('error', () => showStatus('The console refused the connection (signed out? your role?). Reload to try again.', true));
    return socket;
}

export function showStatus(text, failed = false) {
    const status = document.getElementById('status');
    status.textContent = text;
    status.classList.toggle('failed', failed);
}
