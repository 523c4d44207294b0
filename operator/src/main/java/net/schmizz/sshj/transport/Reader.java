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

import com.torrust.operator.host.Threads;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;

/**
 * SSHJ 0.40.0's transport reader, changed by Tracker Operator in two places.
 *
 * <p>The receive buffer: upstream allocates a buffer of the maximum packet length (256 KiB) per
 * connection for the connection's lifetime. The operator keeps one connection per host, so at 500
 * hosts that is 131 MB of heap that is never more than a few KiB in use. The decoder already takes a
 * packet in parts (a socket read may always return fewer bytes than asked, and it counts down what it
 * still needs), so this reader reads at most {@link #RECEIVE_BUFFER} bytes at a time into a small
 * buffer instead.
 *
 * <p>The thread: where the JVM has virtual threads that do not pin in {@code synchronized} (Java 24+,
 * see {@link Threads}), the loop runs on a virtual thread started in this one's place, so a kept
 * connection no longer holds a platform thread (its stack and the JVM's per-thread structures). This
 * object stays a {@code Thread} (SSHJ names it through {@code ThreadNameProvider}, typed {@code Thread})
 * and says through {@link #running} whether it reads; {@link TransportImpl#isRunning} asks that
 * instead of the final {@code isAlive}. On older JVMs, and with {@code -Dtracker.operator.platformThreads=true},
 * it is upstream's platform thread.
 *
 * <p>Everything else is upstream's code. The operator's shaded jar carries this class instead of
 * SSHJ's (operator/pom.xml); ReaderPatchTest fails when SSHJ is upgraded, to have this looked at again.
 */
public final class Reader extends Thread {

    /** Bytes read from the socket at once: a typical channel data packet (32 KiB) takes four reads. */
    static final int RECEIVE_BUFFER = 8 * 1024;

    private final Logger log;

    private final TransportImpl trans;

    /** The thread that reads: this one, or a virtual one started in its place; null before {@link #start}. */
    private volatile Thread reading;

    /** Set by {@link #interrupt}: the transport is closing. */
    private volatile boolean stopping;

    public Reader(TransportImpl trans) {
        this.trans = trans;
        log = trans.getConfig().getLoggerFactory().getLogger(getClass());
        setName("sshj-Reader");
        setDaemon(true);
    }

    @Override
    public synchronized void start() {
        if (Threads.virtual()) {
            reading = Threads.start(getName(), this::read);
        } else {
            reading = this;
            super.start();
        }
    }

    @Override
    public void interrupt() {
        stopping = true;
        Thread thread = reading;
        if (thread != null && thread != this) {
            thread.interrupt();
        } else {
            super.interrupt();
        }
    }

    /** Whether the loop still reads (started and not ended): what {@code isAlive} said of upstream's reader. */
    boolean running() {
        Thread thread = reading;
        return thread != null && thread.isAlive();
    }

    private boolean stopped() {
        Thread thread = reading;
        return stopping || (thread != null && thread.isInterrupted());
    }

    @Override
    public void run() {
        read();
    }

    private void read() {
        try {

            final Decoder decoder = trans.getDecoder();
            final InputStream inp = trans.getConnInfo().in;

            // Changed from upstream: new byte[decoder.getMaxPacketLength()].
            final byte[] recvbuf = new byte[Math.min(RECEIVE_BUFFER, decoder.getMaxPacketLength())];

            int needed = 1;

            while (!stopped()) {
                int read;
                try {
                    // Changed from upstream: at most the buffer's length; the decoder keeps count of the rest.
                    read = inp.read(recvbuf, 0, Math.min(needed, recvbuf.length));
                } catch (SocketTimeoutException e) {
                    if (stopped()) {
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
            if (stopped()) {
                // We are meant to shut up and draw to a close if interrupted
            } else {
                trans.die(e);
            }
        }

        log.debug("Stopping");

    }

}
