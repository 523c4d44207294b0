/*
 * Copyright (C)2009 - SSHJ Contributors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package net.schmizz.sshj.transport;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;

/**
 * SSHJ 0.40.0's transport reader, changed by Tracker Operator in one place: the receive buffer.
 *
 * <p>Upstream allocates a buffer of the maximum packet length (256 KiB) per connection for the
 * connection's lifetime. The operator keeps one connection per host, so at 500 hosts that is 131 MB
 * of heap that is never more than a few KiB in use. The decoder already takes a packet in parts (a
 * socket read may always return fewer bytes than asked, and it counts down what it still needs), so
 * this reader reads at most {@link #RECEIVE_BUFFER} bytes at a time into a small buffer instead.
 * Everything else is upstream's code. The operator's shaded jar carries this class instead of
 * SSHJ's (operator/pom.xml); ReaderPatchTest fails when SSHJ is upgraded, to have this looked at again.
 */
public final class Reader extends Thread {

    /** Bytes read from the socket at once: a typical channel data packet (32 KiB) takes four reads. */
    static final int RECEIVE_BUFFER = 8 * 1024;

    private final Logger log;

    private final TransportImpl trans;

    public Reader(TransportImpl trans) {
        this.trans = trans;
        log = trans.getConfig().getLoggerFactory().getLogger(getClass());
        setName("sshj-Reader");
        setDaemon(true);
    }

    @Override
    public void run() {
        try {

            final Decoder decoder = trans.getDecoder();
            final InputStream inp = trans.getConnInfo().in;

            // Changed from upstream: new byte[decoder.getMaxPacketLength()].
            final byte[] recvbuf = new byte[Math.min(RECEIVE_BUFFER, decoder.getMaxPacketLength())];

            int needed = 1;

            while (!isInterrupted()) {
                int read;
                try {
                    // Changed from upstream: at most the buffer's length; the decoder keeps count of the rest.
                    read = inp.read(recvbuf, 0, Math.min(needed, recvbuf.length));
                } catch (SocketTimeoutException e) {
                    if (isInterrupted()) {
                        throw e;
                    }
                    continue;
                }
                if (read == -1) {
                    throw new TransportException("Broken transport; encountered EOF");
                } else {
                    needed = decoder.received(recvbuf, read);
                }
            }

        } catch (Exception e) {
            //noinspection StatementWithEmptyBody
            if (isInterrupted()) {
                // We are meant to shut up and draw to a close if interrupted
            } else {
                trans.die(e);
            }
        }

        log.debug("Stopping");

    }

}
