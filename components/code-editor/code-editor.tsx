'use client';

import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';

/**
 * A CodeMirror 6 editor for an API document (JSON or YAML, by its first character). Loaded only
 * where it is used (next/dynamic), so other pages don't carry it. CodeMirror renders only the
 * visible lines, so a 2 MB document stays fast. The editable element is labelled and described
 * like any form field.
 */
export default function CodeEditor({
  value,
  onChange,
  label,
  describedBy,
  invalid,
  nonce,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  describedBy?: string;
  invalid?: boolean;
  /** The page's CSP nonce, for the <style> CodeMirror adds. */
  nonce?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const jsonMode = useRef(/^\s*[{[]/.test(value));
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          history(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          language.current.of(jsonMode.current ? json() : yaml()),
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...foldKeymap, indentWithTab]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            // Focusable as axe expects of the scrolling box it sits in (it is editable text, so already in the tab order).
            tabindex: '0',
            'aria-label': label,
            'aria-multiline': 'true',
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            const text = update.state.doc.toString();
            latest.current(text);
            // JSON or YAML follows the first character, as the server reads it.
            const isJson = /^\s*[{[]/.test(text);
            if (isJson !== jsonMode.current) {
              jsonMode.current = isJson;
              const target = update.view;
              // Not inside this update: CodeMirror refuses a dispatch while one is in progress.
              setTimeout(() => target.dispatch({ effects: language.current.reconfigure(isJson ? json() : yaml()) }));
            }
          }),
          EditorView.theme({
            '&': { fontSize: '12px', maxHeight: '36rem' },
            '.cm-scroller': { overflow: 'auto', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value replaced from outside (a chosen file) goes into the editor.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return (
    <div
      ref={host}
      className={`overflow-hidden rounded-md bg-white shadow-sm ring-1 ring-inset ${invalid ? 'ring-red-500' : 'ring-slate-300'} focus-within:ring-2 focus-within:ring-brand-600`}
    />
  );
}
