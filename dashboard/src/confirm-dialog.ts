// Every action asks first: a modal with the action's fields (a reason, an event name and data); undefined when
// the user cancels. One <dialog> in index.html serves all actions.
import { h, replaceChildren } from "./dom.js";

export interface DialogField {
  name: string;
  label: string;
  value?: string;
  multiline?: boolean;
  required?: boolean;
}

export function confirmAction(title: string, text: string, fields: DialogField[] = []): Promise<Record<string, string> | undefined> {
  const dialog = document.getElementById("confirm") as HTMLDialogElement;
  replaceChildren(document.getElementById("confirm-title")!, title);
  replaceChildren(document.getElementById("confirm-text")!, text);
  const inputs = fields.map((field) => {
    const input = field.multiline
      ? h("textarea", { name: field.name, rows: 3 })
      : h("input", { name: field.name, type: "text", required: field.required });
    input.value = field.value ?? "";
    return { field, input, label: h("label", {}, field.label, input) };
  });
  replaceChildren(document.getElementById("confirm-fields")!, ...inputs.map((i) => i.label));
  return new Promise((resolve) => {
    dialog.addEventListener(
      "close",
      () => resolve(dialog.returnValue === "ok" ? Object.fromEntries(inputs.map(({ field, input }) => [field.name, input.value])) : undefined),
      { once: true },
    );
    dialog.returnValue = "";
    dialog.showModal();
  });
}
