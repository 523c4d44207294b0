package com.torrust.operator.bench;

import com.torrust.operator.plan.PlannedDirectory;
import com.torrust.operator.plan.PlannedRule;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.PlannedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The same desired host state as an Ansible playbook, for the side-by-side benchmark: the UFW
 * policies and rules, the directories and files (modes, owners), and the compose project up. It is
 * written the way an Ansible user would (one module per concern), with Ansible's own speed-ups on:
 * pipelining and a persistent SSH control socket.
 */
final class AnsiblePlaybooks {

  private AnsiblePlaybooks() {}

  /** Writes inventory, ansible.cfg, the files to copy and playbook.yml into {@code dir}; returns the playbook. */
  static Path write(Path dir, DesiredHostState desired, String address, int port, String user, Path key, Path knownHosts) throws IOException {
    Files.createDirectories(dir.resolve("files"));
    Files.writeString(dir.resolve("inventory.ini"), "host ansible_host=" + address + " ansible_port=" + port + " ansible_user=" + user
        + " ansible_ssh_private_key_file=" + key + " ansible_python_interpreter=/usr/bin/python3\n");
    Files.writeString(dir.resolve("ansible.cfg"), """
        [defaults]
        inventory = inventory.ini
        host_key_checking = True
        gathering = explicit
        stdout_callback = default
        callbacks_enabled = ansible.posix.profile_tasks
        [ssh_connection]
        pipelining = True
        ssh_args = -o ControlMaster=auto -o ControlPersist=120s -o UserKnownHostsFile=%s
        """.formatted(knownHosts));
    StringBuilder play = new StringBuilder("- hosts: host\n  become: false\n  tasks:\n");
    play.append("    - name: UFW default incoming\n      community.general.ufw: {default: deny, direction: incoming}\n");
    play.append("    - name: UFW default outgoing\n      community.general.ufw: {default: allow, direction: outgoing}\n");
    int n = 0;
    for (PlannedRule rule : desired.plan().firewall().rules()) {
      play.append("    - name: UFW rule ").append(++n).append("\n      community.general.ufw: {rule: allow, from_ip: '").append(rule.from())
          .append("', to_ip: '").append(rule.to()).append("', to_port: '").append(rule.port()).append("', proto: ")
          .append(rule.protocol().name().toLowerCase(java.util.Locale.ROOT)).append(", comment: '").append(rule.comment()).append("'}\n");
    }
    play.append("    - name: UFW enabled\n      community.general.ufw: {state: enabled}\n");
    for (PlannedDirectory d : desired.plan().directories()) {
      play.append("    - name: directory ").append(d.path()).append("\n      ansible.builtin.file: {path: '").append(d.path())
          .append("', state: directory, mode: '").append(String.format("%04o", d.mode())).append("', owner: '").append(d.uid())
          .append("', group: '").append(d.gid()).append("'}\n");
    }
    int f = 0;
    for (PlannedFile file : desired.files()) {
      Path local = dir.resolve("files").resolve("f" + (++f));
      Files.writeString(local, file.content());
      play.append("    - name: file ").append(file.path()).append("\n      ansible.builtin.copy: {src: '").append(local).append("', dest: '")
          .append(file.path()).append("', mode: '").append(String.format("%04o", file.mode())).append("', owner: '").append(file.uid())
          .append("', group: '").append(file.gid()).append("'}\n");
    }
    play.append("    - name: compose project up\n      community.docker.docker_compose: {project_src: '").append(desired.plan().layout().root())
        .append("', project_name: torrust, state: present}\n");
    Path playbook = dir.resolve("playbook.yml");
    Files.writeString(playbook, play.toString());
    return playbook;
  }
}
