// Small enhancements; every page works without this file.
"use strict";

// Live "<n>/<max> tegn" counters for textareas with data-counter="<id of counter>".
// The text rule of portal/forms.py: a line break ("\r\n" or "\r") counts once,
// other control characters than tab not at all, and the text is counted before it is trimmed. The counter's data-format is
// its text with {count} and {max}, as the server wrote it; a field that stops
// at its limit shows the counter's limit message there (.counter__limit). As
// the design system's MaxCharacters, the counter is read aloud only near the limit.
function updateCounter(field) {
  const counter = document.getElementById(field.dataset.counter);
  if (!counter) return;
  const max = Number(field.dataset.max);
  const count = field.value.replace(/\r\n?/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "").length;
  const limit = counter.querySelector(".counter__limit");
  counter.querySelector(".counter__count").textContent = counter.dataset.format.replace("{count}", count).replace("{max}", max);
  if (limit) limit.hidden = count < max;
  counter.classList.toggle("counter--over", count > max);
  counter.classList.toggle("counter--limit", Boolean(limit) && count === max);
  counter.setAttribute("aria-live", count > max * 0.95 ? "polite" : "off");
}

document.addEventListener("input", (event) => {
  if (event.target.matches("[data-counter]")) updateCounter(event.target);
});

// A reset button (e.g. AVBRYT) puts the old texts back after the event: recount then.
document.addEventListener("reset", (event) => {
  setTimeout(() => event.target.querySelectorAll("[data-counter]").forEach(updateCounter));
});

// Keyboard focus after htmx swaps a region in place (the booking calendar).
// htmx puts focus back on the new element with the same id; a chosen day then
// sends it on to its free slots (data-focus-after-swap="<id>"). If the focused
// element is gone (the last month has no "next" arrow), focus goes to the
// region's data-focus-fallback, never to the top of the page.
document.addEventListener("htmx:after:settle", (event) => {
  const region = event.target;
  if (!(region instanceof Element) || !region.matches("[data-focus-fallback]")) return;
  const active = document.activeElement;
  const nextId = region.contains(active) ? active.dataset.focusAfterSwap : region.dataset.focusFallback;
  const next = nextId && document.getElementById(nextId);
  if (next) next.focus();
});

// The header's Meny, Søk and user menu. Without JavaScript each is a link to a
// page of its own; here the link becomes a disclosure button for the panel
// beside it (data-disclosure-toggle="<panel id>"). One panel is open at a time;
// Escape closes it and puts focus back on its button, as does a click elsewhere
// (without moving focus). Opening Søk puts focus in its field.
function disclosureButton(link) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", link.dataset.disclosureToggle);
  button.append(...link.childNodes);
  link.replaceWith(button);
  return button;
}

function setOpen(button, open) {
  const panel = document.getElementById(button.getAttribute("aria-controls"));
  button.setAttribute("aria-expanded", String(open));
  panel.hidden = !open;
  button.closest("[data-disclosure]").classList.toggle("is-open", open);
}

function openDisclosure() {
  return document.querySelector("[data-disclosure] > [aria-expanded='true']");
}

document.querySelectorAll("[data-disclosure-toggle]").forEach((link) => {
  const button = disclosureButton(link);
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") === "true";
    const other = openDisclosure();
    if (other && other !== button) setOpen(other, false);
    setOpen(button, !open);
    if (!open) document.getElementById(button.getAttribute("aria-controls")).querySelector("[data-autofocus]")?.focus();
  });
});

document.addEventListener("keydown", (event) => {
  const button = event.key === "Escape" && openDisclosure();
  if (!button) return;
  setOpen(button, false);
  button.focus();
});

document.addEventListener("click", (event) => {
  const button = openDisclosure();
  if (button && !button.closest("[data-disclosure]").contains(event.target)) setOpen(button, false);
});

// Tabbing out of an open panel closes it, so it does not cover the page.
document.addEventListener("focusout", (event) => {
  const button = openDisclosure();
  const container = button?.closest("[data-disclosure]");
  if (container && event.relatedTarget && container.contains(event.target) && !container.contains(event.relatedTarget)) setOpen(button, false);
});
