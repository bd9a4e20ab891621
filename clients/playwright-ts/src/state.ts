// GET /_sim/state as types, mirroring docs/state.md (and portal.testing.SimState
// in Python). The document only ever gains keys: those not listed here are
// still there, as `unknown`.

export type ServiceId = "bestill-time" | "forny-resept" | "e-konsultasjon" | "kontakt-legekontoret";

export interface ScenarioRef {
  id: string;
  title: string;
}

export interface Persona {
  name: string;
  /** The new front page's «Hei <first_name>,»; "" when the scenario leaves it to the name's first word. */
  first_name: string;
  /** «Du har nye meldinger» as the scenario starts: its unread threads (`inbox.unread` is the count now). */
  new_messages: number;
  /** «Du har nye hendelser» as the scenario starts: its new events. */
  new_events: number;
}

export interface Practitioner {
  name: string;
}

export interface Office {
  name: string;
  address: string;
  phone: string;
  /** «Hvis det haster, ring legekontoret på …»; "" when the scenario leaves it to `phone`. */
  urgent_phone: string;
}

export interface Panel {
  /** At least one service is on. */
  on: boolean;
  /** The office's text, shown or not. */
  message: string;
  /** What the patient sees, by the webinar's rules. */
  message_visible: boolean;
}

export interface Service {
  id: ServiceId;
  name: string;
  /** Stays true while absent. */
  on: boolean;
  message: string;
  message_visible: boolean;
  status: "on" | "off" | "absent";
  absent: boolean;
  absence_message: string;
}

export interface Attachment {
  id: number;
  /** The user's file name, for display. */
  name: string;
  content_type: string;
  size: number;
}

export interface Message {
  from: "patient" | "office";
  text: string;
  /** ISO date and time on the scenario's day, by the sandbox's clock (from the scenario's start time). */
  sent_at: string;
  attachments: Attachment[];
  /** Forny resept: the prescriptions the patient chose; [] otherwise. */
  prescriptions: Prescription[];
}

export interface Prescription {
  name: string;
  /** Strength and form, e.g. "75 mikrog tabletter". */
  strength: string;
}

export interface Thread {
  /** s<n>: the scenario's n-th thread; m<n>: started in this sandbox. */
  id: string;
  service: ServiceId;
  subject: string;
  read: boolean;
  /** 13: closed by the practitioner, no reply possible. */
  closed_code: number | null;
  seeded: boolean;
  /** Oldest first. */
  messages: Message[];
}

export interface Draft {
  service: ServiceId;
  subject: string;
  text: string;
  saved_at: string;
  attachments: Attachment[];
  /** Forny resept: the prescriptions ticked. */
  prescriptions: Prescription[];
}

export interface Inbox {
  /** Unread threads, made-up ones included: the front page's «Du har nye meldinger». */
  unread: number;
  /** The threads the scenario makes up for a large count (inbox_generated), not listed in `threads`. */
  generated: number;
  /** Newest first, as in «Innboks»: the scenario's own and those started here. */
  threads: Thread[];
  /** «Fortsett senere», newest first. */
  drafts: Draft[];
}

export interface BookingPractitioner {
  id: string;
  name: string;
  title: string;
  own_gp: boolean;
}

export interface Appointment {
  id: number;
  practitioner: string;
  /** ISO date and time with the offset, Europe/Oslo. */
  start: string;
  /** The slot's key, as in /timeavtaler/bestill/<practitioner>/bekreft?tid=… */
  slot: string;
  /** Minutes. */
  duration: number;
  kind: SlotKind;
  reason: string;
  status: "tildelt" | "avbestilt";
}

export interface TimeWish {
  id: number;
  practitioner: string;
  preferred: string;
  reason: string;
  status: "venter på svar" | "time foreslått" | "avslått";
  /** With "time foreslått": the id of the appointment it booked. */
  appointment: number | null;
  /** The office's message to the patient. */
  answer: string;
}

/** A free slot, or one the office added. */
export interface Slot {
  practitioner: string;
  /** ISO date and time with the offset, Europe/Oslo. */
  start: string;
  /** Its key, 2023-12-14T10:00, as `office.answerWish({ slot })` takes it. */
  slot: string;
  /** Minutes. */
  duration: number;
  kind: SlotKind;
}

export type SlotKind = "oppmøte" | "video" | "telefon" | "haste";

export interface Booking {
  /** Own GP first. */
  practitioners: BookingPractitioner[];
  /** By start; cancelled ones stay, with their status. */
  appointments: Appointment[];
  /** FORESLÅ TIDSPUNKT. */
  wishes: TimeWish[];
  /** The free slots the office added (`office.addSlot`), by start. */
  added_slots: Slot[];
}

export interface Demo {
  /** This browser follows a trainer's sandbox, read-only. */
  following: boolean;
  /** This sandbox's room code, null until the presenter page opened it. */
  room: string | null;
  /** Changes whenever the scenario or an office-side setting changes. */
  version: string;
}

/** The JSON document of GET /_sim/state. */
export interface StateDocument {
  /** This browser's sandbox id (the trainer's, for a demo room's participant). */
  sandbox: string;
  scenario: ScenarioRef;
  /** The simulator's clock, an ISO date (YYYY-MM-DD). */
  today: string;
  persona: Persona;
  gp: Practitioner;
  office: Office;
  panel: Panel;
  /** Always four, in the webinar's order. */
  services: Service[];
  inbox: Inbox;
  booking: Booking;
  demo: Demo;
  /** Participant mode (/_sim/start/<id>?participant=1): the patient's pages show no simulator. */
  participant: boolean;
  /** Sections added later. */
  [section: string]: unknown;
}

/** One browser's sandbox: the document, with `service(id)` and `offered` as in Python. */
export interface SimState extends StateDocument {}

export class SimState {
  constructor(document: StateDocument) {
    Object.assign(this, document);
  }

  /** The service `id`: `state.service("bestill-time").on`. */
  service(id: ServiceId): Service {
    const found = this.services.find((service) => service.id === id);
    if (!found) throw new Error(`no service "${id}"; there are ${this.services.map((s) => s.id).join(", ")}`);
    return found;
  }

  /** The ids of the services that are on, in the panel's order. */
  get offered(): ServiceId[] {
    return this.services.filter((service) => service.on).map((service) => service.id);
  }
}
