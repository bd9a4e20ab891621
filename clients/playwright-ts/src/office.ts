// What the GP office does in a browser's sandbox, on the simulator's JSON API.
// The patient sees it on the next page they load (`page.reload()`).

import { callApi, type ApiClient, type SimTarget } from "./api";
import type { ServiceChange } from "./sim";
import { SimState, type Panel, type Service, type ServiceId, type Slot, type SlotKind, type StateDocument, type Thread, type TimeWish } from "./state";

export interface ReplyOptions {
  /** The thread's id ("s1", "m3"); default the newest. */
  thread?: string;
  /** End the thread with code 13: the practitioner closed the e-consultation. */
  close?: boolean;
}

export interface AnswerOptions {
  /** The wish's id; default the newest one waiting for an answer. */
  wish?: number;
  /** The slot to propose (and book), e.g. "2023-12-14T10:00"; default the practitioner's first free one. */
  slot?: string;
  /** The message to the patient with a proposal. */
  message?: string;
  /** Decline instead, with this reason. */
  decline?: string;
}

export interface SlotOptions {
  /** Default: the patient's GP. */
  practitioner?: string;
  /** Minutes, 1–240; default 20. */
  duration?: number;
  /** Default "oppmøte". */
  kind?: SlotKind;
}

interface PractitionerSlots {
  id: string;
  name: string;
  free_slots: Slot[];
}

export class Office {
  constructor(
    private readonly client: ApiClient,
    private readonly target: SimTarget,
  ) {}

  private call<T>(method: string, path: string, body?: object): Promise<T> {
    return callApi<T>(this.client, this.target, method, path, body);
  }

  /** Switch a service on or off, set its message or its absence; what is left out stays. */
  async setService(id: ServiceId, change: ServiceChange): Promise<Service> {
    return new SimState(await this.call<StateDocument>("PATCH", "/office", { services: { [id]: change } })).service(id);
  }

  /** The GP panel's message. */
  async setPanelMessage(text: string): Promise<Panel> {
    return (await this.call<StateDocument>("PATCH", "/office", { panel_message: text })).panel;
  }

  /** Answer the newest thread (or `thread`) as the office; `close`: end it with code 13. */
  async reply(text: string, { thread, close = false }: ReplyOptions = {}): Promise<Thread> {
    return this.call<Thread>("POST", "/office/reply", { text, close, ...(thread === undefined ? {} : { thread }) });
  }

  /** The next free slots of `practitioner` (default: the patient's GP), those the office can propose. */
  async freeSlots(practitioner?: string): Promise<Slot[]> {
    const listed = (await this.call<{ practitioners: PractitionerSlots[] }>("GET", "/office/slots")).practitioners;
    const chosen = practitioner === undefined ? listed[0] : listed.find((p) => p.id === practitioner);
    if (!chosen) throw new Error(`no practitioner "${practitioner}"; there are ${listed.map((p) => p.id).join(", ")}`);
    return chosen.free_slots;
  }

  /** Answer a time wish: propose a slot (it is booked for the patient), or decline with a reason. */
  async answerWish({ wish, slot, message = "", decline }: AnswerOptions = {}): Promise<TimeWish> {
    const body: Record<string, unknown> = wish === undefined ? {} : { wish };
    if (decline !== undefined) {
      Object.assign(body, { answer: "decline", message: decline });
    } else {
      if (slot === undefined) {
        const waiting = await this.waiting(wish);
        if (waiting) slot = (await this.freeSlots(waiting.practitioner))[0]?.slot;
      }
      Object.assign(body, { answer: "propose", slot: slot ?? "", message });
    }
    return this.call<TimeWish>("POST", "/office/answer", body);
  }

  private async waiting(wish?: number): Promise<TimeWish | undefined> {
    const wishes = (await this.call<StateDocument>("GET", "/state")).booking.wishes;
    if (wish !== undefined) return wishes.find((w) => w.id === wish);
    return wishes.filter((w) => w.status === "venter på svar").at(-1);
  }

  /** A free slot at `start` ("2023-12-14T10:00"), beside the scenario's; a reset takes it away. */
  async addSlot(start: string, { practitioner, duration = 20, kind = "oppmøte" }: SlotOptions = {}): Promise<Slot> {
    return this.call<Slot>("POST", "/office/slots", { start, duration, kind, ...(practitioner === undefined ? {} : { practitioner }) });
  }
}
