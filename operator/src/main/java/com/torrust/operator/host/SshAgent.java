package com.torrust.operator.host;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of an SSH agent (OpenSSH's ssh-agent, or any that speaks its protocol,
 * draft-miller-ssh-agent): lists the keys it holds and has it sign; the private keys never leave it.
 * What the agent answers is read with bounds, like everything the operator reads.
 */
public final class SshAgent {

  private static final byte FAILURE = 5;
  private static final byte REQUEST_IDENTITIES = 11;
  private static final byte IDENTITIES_ANSWER = 12;
  private static final byte SIGN_REQUEST = 13;
  private static final byte SIGN_RESPONSE = 14;
  /** Flags of a sign request for an RSA key: SHA-256 signatures (rsa-sha2-256), never SHA-1. */
  static final int RSA_SHA2_256 = 2;
  /** An agent's answer larger than this is not one: a key list of a few keys is a few KiB. */
  static final int MAX_ANSWER = 256 * 1024;
  static final int MAX_KEYS = 64;

  private final Path socket;

  public SshAgent(Path socket) {
    this.socket = socket;
  }

  /** One key the agent holds: its public blob (SSH wire format), its type ("ssh-ed25519") and comment. */
  public record Identity(byte[] blob, String type, String comment) {}

  /** The keys the agent holds, in its order. */
  public List<Identity> identities() throws IOException {
    ByteBuffer answer = exchange(new byte[] {REQUEST_IDENTITIES});
    byte type = answer.get();
    if (type != IDENTITIES_ANSWER) {
      throw new IOException("the SSH agent refused to list its keys (answer " + type + ")");
    }
    int count = answer.getInt();
    if (count < 0 || count > MAX_KEYS) {
      throw new IOException("the SSH agent says it holds " + Integer.toUnsignedString(count) + " keys");
    }
    List<Identity> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] blob = string(answer);
      String comment = new String(string(answer), StandardCharsets.UTF_8);
      out.add(new Identity(blob, new String(string(ByteBuffer.wrap(blob)), StandardCharsets.US_ASCII), comment));
    }
    return out;
  }

  /** The agent's signature of {@code data} with the key {@code blob}: the SSH signature blob (algorithm name and bytes). */
  public byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
    ByteBuffer request = ByteBuffer.allocate(1 + 4 + blob.length + 4 + data.length + 4);
    request.put(SIGN_REQUEST).putInt(blob.length).put(blob).putInt(data.length).put(data).putInt(flags);
    ByteBuffer answer = exchange(request.array());
    byte type = answer.get();
    if (type == FAILURE) {
      throw new IOException("the SSH agent refused to sign (a key that needs confirmation, or one it no longer holds)");
    }
    if (type != SIGN_RESPONSE) {
      throw new IOException("the SSH agent answered a sign request with message " + type);
    }
    return string(answer);
  }

  /** One request and its answer, on a connection of their own (agents serve many clients). */
  private ByteBuffer exchange(byte[] message) throws IOException {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ByteBuffer out = ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer length = read(channel, 4);
      int size = length.getInt();
      if (size < 1 || size > MAX_ANSWER) {
        throw new IOException("the SSH agent sent an answer of " + Integer.toUnsignedString(size) + " bytes");
      }
      return read(channel, size);
    }
  }

  private static ByteBuffer read(SocketChannel channel, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the SSH agent closed the connection mid-answer");
      }
    }
    return buffer.flip();
  }

  private static byte[] string(ByteBuffer buffer) throws IOException {
    if (buffer.remaining() < 4) {
      throw new IOException("the SSH agent's answer is cut short");
    }
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      throw new IOException("the SSH agent's answer is cut short");
    }
    byte[] out = new byte[length];
    buffer.get(out);
    return out;
  }
}
