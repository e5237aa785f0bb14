/**
 * Counts the requests each client has in flight through the gateway and caps them, so that one
 * client (a script gone wild, or one sending its bodies slowly) can hold at most its share of the
 * upstream connections, whatever the others do. Clients are told apart by address (behind a proxy,
 * TRUST_PROXY makes that the forwarded one); a count is dropped when it returns to zero.
 */
export class ClientSlots {
  private readonly inFlight = new Map<string, number>();
  private count = 0;

  constructor(readonly perClient: number) {}

  /** Takes a slot for the client, or answers false when it already has `perClient` in flight. */
  tryTake(client: string): boolean {
    const count = this.inFlight.get(client) ?? 0;
    if (count >= this.perClient) return false;
    this.inFlight.set(client, count + 1);
    this.count++;
    return true;
  }

  release(client: string): void {
    const count = this.inFlight.get(client) ?? 0;
    if (count > 0) this.count--;
    if (count <= 1) this.inFlight.delete(client);
    else this.inFlight.set(client, count - 1);
  }

  /** Clients with a request in flight. */
  get clients(): number {
    return this.inFlight.size;
  }

  /** Requests in flight, all clients together. */
  get total(): number {
    return this.count;
  }
}
