/** Small inline icons (decorative: the buttons carry the labels). */
const base = { viewBox: '0 0 20 20', fill: 'currentColor', 'aria-hidden': true } as const;

export const GripIcon = ({ className = 'size-4' }) => (
  <svg {...base} className={className}>
    <path d="M7 4a1.25 1.25 0 1 1-2.5 0A1.25 1.25 0 0 1 7 4Zm0 6a1.25 1.25 0 1 1-2.5 0A1.25 1.25 0 0 1 7 10Zm-1.25 7.25a1.25 1.25 0 1 0 0-2.5 1.25 1.25 0 0 0 0 2.5ZM15.5 4A1.25 1.25 0 1 1 13 4a1.25 1.25 0 0 1 2.5 0Zm-1.25 7.25a1.25 1.25 0 1 0 0-2.5 1.25 1.25 0 0 0 0 2.5ZM15.5 16a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0Z" />
  </svg>
);

export const CopyIcon = ({ className = 'size-3.5' }) => (
  <svg {...base} className={className}>
    <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h6A1.5 1.5 0 0 1 16 3.5v8a1.5 1.5 0 0 1-1.5 1.5H13V8.5A2.5 2.5 0 0 0 10.5 6H7V3.5Z" />
    <path d="M4.5 7A1.5 1.5 0 0 0 3 8.5v8A1.5 1.5 0 0 0 4.5 18h6a1.5 1.5 0 0 0 1.5-1.5v-8A1.5 1.5 0 0 0 10.5 7h-6Z" />
  </svg>
);

export const CloseIcon = ({ className = 'size-3.5' }) => (
  <svg {...base} className={className}>
    <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
  </svg>
);

export const PlusIcon = ({ className = 'size-3.5' }) => (
  <svg {...base} className={className}>
    <path d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
  </svg>
);

export const TrashIcon = ({ className = 'size-3.5' }) => (
  <svg {...base} className={className}>
    <path
      fillRule="evenodd"
      d="M8.75 1A2.75 2.75 0 0 0 6 3.75v.44c-.8.08-1.58.18-2.36.3a.75.75 0 1 0 .22 1.49l.15-.02.8 10.41A2.75 2.75 0 0 0 7.56 19h4.88a2.75 2.75 0 0 0 2.75-2.63l.8-10.4.15.02a.75.75 0 0 0 .22-1.49A41 41 0 0 0 14 4.19v-.44A2.75 2.75 0 0 0 11.25 1h-2.5ZM10 4c.84 0 1.67.02 2.5.07v-.32c0-.69-.56-1.25-1.25-1.25h-2.5c-.69 0-1.25.56-1.25 1.25v.32C8.33 4.02 9.16 4 10 4Z"
      clipRule="evenodd"
    />
  </svg>
);

export const UndoIcon = ({ className = 'size-4' }) => (
  <svg {...base} className={className}>
    <path fillRule="evenodd" d="M7.8 3.2a.75.75 0 0 1 0 1.06L5.81 6.25h6.44a5 5 0 0 1 0 10H9a.75.75 0 0 1 0-1.5h3.25a3.5 3.5 0 1 0 0-7H5.81L7.8 9.74a.75.75 0 1 1-1.06 1.06L3.47 7.53a.75.75 0 0 1 0-1.06L6.74 3.2a.75.75 0 0 1 1.06 0Z" clipRule="evenodd" />
  </svg>
);

export const RedoIcon = ({ className = 'size-4' }) => (
  <svg {...base} className={`${className} -scale-x-100`}>
    <path fillRule="evenodd" d="M7.8 3.2a.75.75 0 0 1 0 1.06L5.81 6.25h6.44a5 5 0 0 1 0 10H9a.75.75 0 0 1 0-1.5h3.25a3.5 3.5 0 1 0 0-7H5.81L7.8 9.74a.75.75 0 1 1-1.06 1.06L3.47 7.53a.75.75 0 0 1 0-1.06L6.74 3.2a.75.75 0 0 1 1.06 0Z" clipRule="evenodd" />
  </svg>
);

export const ImageIcon = ({ className = 'size-3.5' }) => (
  <svg {...base} className={className}>
    <path
      fillRule="evenodd"
      d="M1 5.25A2.25 2.25 0 0 1 3.25 3h13.5A2.25 2.25 0 0 1 19 5.25v9.5A2.25 2.25 0 0 1 16.75 17H3.25A2.25 2.25 0 0 1 1 14.75v-9.5Zm1.5 5.81v3.69c0 .414.336.75.75.75h13.5a.75.75 0 0 0 .75-.75v-2.69l-2.22-2.219a.75.75 0 0 0-1.06 0l-1.91 1.909.47.47a.75.75 0 1 1-1.06 1.06L6.53 8.091a.75.75 0 0 0-1.06 0l-2.97 2.97ZM12 7a1 1 0 1 1-2 0 1 1 0 0 1 2 0Z"
      clipRule="evenodd"
    />
  </svg>
);
