package com.torrust.operator.host;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * SSH "publickey" authentication (RFC 4252, 7) with a key an SSH agent holds: the same two steps as
 * SSHJ's AuthPublickey (a query with the public key; once the host accepts it, the request signed), the
 * signature made by the agent. RSA keys sign with rsa-sha2-256 (RFC 8332), never SHA-1.
 */
final class AgentAuth extends AbstractAuthMethod {

  private final SshAgent agent;
  private final SshAgent.Identity identity;

  AgentAuth(SshAgent agent, SshAgent.Identity identity) {
    super("publickey");
    this.agent = agent;
    this.identity = identity;
  }

  private String algorithm() {
    return identity.type().equals("ssh-rsa") ? "rsa-sha2-256" : identity.type();
  }

  private SSHPacket request(boolean signed) throws UserAuthException {
    return super.buildReq().putBoolean(signed).putString(algorithm()).putString(identity.blob());
  }

  @Override
  protected SSHPacket buildReq() throws UserAuthException {
    return request(false);
  }

  @Override
  public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
    if (cmd != Message.USERAUTH_60) {
      super.handle(cmd, buf);
      return;
    }
    SSHPacket signed = request(true);
    byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(signed).getCompactData();
    try {
      signed.putString(agent.sign(identity.blob(), data, identity.type().equals("ssh-rsa") ? SshAgent.RSA_SHA2_256 : 0));
    } catch (IOException e) {
      throw new UserAuthException("the SSH agent did not sign: " + e.getMessage(), e);
    }
    params.getTransport().write(signed);
  }

  @Override
  public String toString() {
    return "SSH agent key " + identity.type() + " " + identity.comment();
  }
}
