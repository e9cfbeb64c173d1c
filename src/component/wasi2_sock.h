/* wasi2_sock.h — the network policy of the WASI 0.2 host (wasi:sockets),
 * set by the embedder. Flags as wasmtime's `-S` options: without
 * COMP_NET_INHERIT every bind, connect and send answers access-denied;
 * without COMP_NET_LOOKUP ip-name-lookup answers permanent-resolver-failure;
 * without COMP_NET_TCP / COMP_NET_UDP creating such a socket answers
 * access-denied. */
#ifndef WEFT_WASI2_SOCK_H
#define WEFT_WASI2_SOCK_H

#include "component.h"

enum { COMP_NET_INHERIT = 1, COMP_NET_LOOKUP = 2, COMP_NET_TCP = 4, COMP_NET_UDP = 8 };
/* What a new host allows: TCP and UDP sockets, but no network to use them. */
#define COMP_NET_DEFAULT (COMP_NET_TCP | COMP_NET_UDP)

void comp_host_set_network(comp_host *host, unsigned flags);
unsigned comp_host_network(const comp_host *host);

/* One item of wasmtime's `-S` list that is about the network:
 * inherit-network, allow-ip-name-lookup, tcp, udp, each alone (yes) or
 * with =y|yes|true|1 or =n|no|false|0. Updates *flags; returns false if
 * the item is none of these. */
bool comp_net_option(const char *item, size_t len, unsigned *flags);

#endif
