// The VNC display of one VM (?vm=<id>) in noVNC, over the console's WebSocket proxy
// /api/v1/vms/{id}/console/vnc, which carries the RFB stream of the VM's VNC server unchanged.
import RFB from '../vendor/novnc/core/rfb.js';
import { consoleSocket, showStatus } from './socket.js';

const vm = new URLSearchParams(location.search).get('vm');
const socket = consoleSocket(vm, 'vnc');
let closeReason = '';
socket.addEventListener('close', event => { closeReason = event.reason; });

const rfb = new RFB(document.getElementById('screen'), socket, { shared: true });
rfb.scaleViewport = true;
rfb.background = '#1e1e1e';
window.xensvDisplay = rfb; // for the browser tests

const ctrlAltDel = document.getElementById('ctrl-alt-del');
ctrlAltDel.addEventListener('click', () => rfb.sendCtrlAltDel());
rfb.addEventListener('connect', () => {
    showStatus('Display of the VM (keys and the mouse go to the guest).');
    document.getElementById('status').append(ctrlAltDel);
    ctrlAltDel.hidden = false;
    document.body.dataset.connected = 'true';
});
let opened = false;
socket.addEventListener('open', () => { opened = true; });
rfb.addEventListener('disconnect', event => {
    document.body.dataset.connected = 'false';
    if (closeReason) {
        showStatus('Disconnected: ' + closeReason, true);
    } else if (opened) { // a refused handshake was told by the socket's error already
        showStatus((event.detail.clean ? 'Disconnected.' : 'The display\'s connection failed.') + ' Reload to connect again.', true);
    }
});
rfb.addEventListener('securityfailure', event => showStatus('The VNC server refused: ' + (event.detail.reason || event.detail.status), true));
