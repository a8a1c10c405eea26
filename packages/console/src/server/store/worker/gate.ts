/**
 * Shared/exclusive gate, first come first served: queries run shared, DETACH of a partition runs
 * exclusive, so no query reads a catalog while it is being detached. The writer is not gated: it
 * only touches the active partition, which is never detached.
 */
interface Waiter {
  exclusive: boolean;
  resolve: () => void;
}

export class Gate {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.run(false, work);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.run(true, work);
  }

  private async run<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    if (this.queue.length === 0 && this.canEnter(exclusive)) this.enter(exclusive);
    else await new Promise<void>((resolve) => this.queue.push({ exclusive, resolve }));
    try {
      return await work();
    } finally {
      if (exclusive) this.writer = false;
      else this.readers--;
      this.drain();
    }
  }

  private canEnter(exclusive: boolean): boolean {
    return exclusive ? !this.writer && this.readers === 0 : !this.writer;
  }

  private enter(exclusive: boolean): void {
    if (exclusive) this.writer = true;
    else this.readers++;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.canEnter(this.queue[0]!.exclusive)) {
      const waiter = this.queue.shift()!;
      this.enter(waiter.exclusive);
      waiter.resolve();
    }
  }
}
