'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { cn } from './cn';

/*
 * Status messages as toasts in one polite live region, fixed to a corner: announcing an outcome
 * never inserts text between buttons, so a toolbar doesn't move under the pointer. Any client
 * component calls `toast(…)`; the one <Toaster /> in the shell shows and announces it.
 */

export interface ToastMessage {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
}

let messages: ToastMessage[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

/** Shows a status message for a few seconds (errors stay until dismissed). */
export function toast(text: string, tone: ToastMessage['tone'] = 'success'): void {
  messages = [...messages.slice(-2), { id: nextId++, tone, text }];
  emit();
}

function dismiss(id: number) {
  messages = messages.filter((m) => m.id !== id);
  emit();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function Toast({ message }: { message: ToastMessage }) {
  const [hovered, setHovered] = useState(false);
  useEffect(() => {
    if (message.tone === 'error' || hovered) return;
    const timer = setTimeout(() => dismiss(message.id), 6000);
    return () => clearTimeout(timer);
  }, [message, hovered]);
  return (
    <div
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      className={cn(
        'pointer-events-auto flex items-start gap-3 rounded-md px-4 py-3 text-sm shadow-lg ring-1',
        message.tone === 'error' && 'bg-red-50 text-red-900 ring-red-200',
        message.tone === 'success' && 'bg-emerald-50 text-emerald-900 ring-emerald-200',
        message.tone === 'info' && 'bg-white text-slate-900 ring-slate-200',
      )}
    >
      <p className="flex-1">{message.text}</p>
      <button
        type="button"
        onClick={() => dismiss(message.id)}
        className="-my-1 rounded px-1 text-lg leading-none opacity-70 hover:opacity-100"
      >
        <span aria-hidden>×</span>
        <span className="sr-only">Dismiss</span>
      </button>
    </div>
  );
}

export function Toaster() {
  const current = useSyncExternalStore(
    subscribe,
    () => messages,
    () => messages,
  );
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label="Status messages"
      className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex flex-col items-end gap-2 sm:left-auto sm:w-96"
    >
      {current.map((message) => (
        <Toast key={message.id} message={message} />
      ))}
    </div>
  );
}
