package com.torrust.operator.observe;

import com.torrust.operator.api.Protocol;

/**
 * A UFW rule as stored in /etc/ufw/user.rules and user6.rules ("### tuple ###" lines).
 *
 * @param protocol null for rules on any protocol
 * @param port null for rules on any port (or port ranges, which the operator never writes)
 * @param to destination network ("0.0.0.0/0", "::/0" or an address)
 * @param from source network
 */
public record ObservedRule(String action, Protocol protocol, Integer port, String to, String from, String direction, String comment) {}
