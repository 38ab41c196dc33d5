import type { ReactNode, SVGProps } from 'react';

// Inline SVG icons (16×16 grid, currentColor): no icon font, no external assets.
// Always decorative: the text next to them carries the meaning.

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

function Icon({ size = 16, className, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
      className={className ? `icon ${className}` : 'icon'}
      {...rest}
    >
      {children}
    </svg>
  );
}

export const RunIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 2.5v11a.5.5 0 0 0 .76.43l9-5.5a.5.5 0 0 0 0-.86l-9-5.5A.5.5 0 0 0 4 2.5Z" />
  </Icon>
);

export const PauseIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="3.5" y="2.5" width="3" height="11" rx="0.75" />
    <rect x="9.5" y="2.5" width="3" height="11" rx="0.75" />
  </Icon>
);

export const ResumeIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="2" y="2.5" width="2.5" height="11" rx="0.75" />
    <path d="M6.5 2.9v10.2a.5.5 0 0 0 .77.42l7.6-5.1a.5.5 0 0 0 0-.84l-7.6-5.1a.5.5 0 0 0-.77.42Z" />
  </Icon>
);

export const ShutDownIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 1a1 1 0 0 1 1 1v6a1 1 0 0 1-2 0V2a1 1 0 0 1 1-1Z" />
    <path d="M4.46 3.4a1 1 0 0 1 .14 1.4 4.5 4.5 0 1 0 6.8 0 1 1 0 1 1 1.54-1.27 6.5 6.5 0 1 1-9.88 0 1 1 0 0 1 1.4-.13Z" />
  </Icon>
);

export const RebootIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 2.5a5.5 5.5 0 1 0 5.35 6.77 1 1 0 1 0-1.95-.46A3.5 3.5 0 1 1 10.3 5.1H8.75a1 1 0 1 0 0 2h3.75a1 1 0 0 0 1-1V2.35a1 1 0 1 0-2 0v1.17A5.48 5.48 0 0 0 8 2.5Z" />
  </Icon>
);

export const ForceOffIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M5 1.5a1 1 0 0 1 1 1V5h4V2.5a1 1 0 1 1 2 0V5h.5a.5.5 0 0 1 .5.5V8a5 5 0 0 1-4 4.9V14a1 1 0 1 1-2 0v-1.1A5 5 0 0 1 3 8V5.5a.5.5 0 0 1 .5-.5H4V2.5a1 1 0 0 1 1-1Z" />
  </Icon>
);

export const ServerIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M2.5 2h11A1.5 1.5 0 0 1 15 3.5v2A1.5 1.5 0 0 1 13.5 7h-11A1.5 1.5 0 0 1 1 5.5v-2A1.5 1.5 0 0 1 2.5 2Zm0 7h11A1.5 1.5 0 0 1 15 10.5v2a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 1 12.5v-2A1.5 1.5 0 0 1 2.5 9ZM11.5 3.75a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Zm0 7a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Z" />
  </Icon>
);

export const ChevronIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M5.7 3.3a1 1 0 0 1 1.4 0l4 4a1 1 0 0 1 0 1.4l-4 4a1 1 0 0 1-1.4-1.4L9 8 5.7 4.7a1 1 0 0 1 0-1.4Z" />
  </Icon>
);

export const MoonIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6.2 1.3a.6.6 0 0 1 .1.68A5.5 5.5 0 0 0 14 9.7a.6.6 0 0 1 .82.74A7 7 0 1 1 5.55 1.2a.6.6 0 0 1 .65.1Z" />
  </Icon>
);

export const SunIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="8" cy="8" r="3.2" />
    <path d="M8 0.5a.75.75 0 0 1 .75.75v1a.75.75 0 0 1-1.5 0v-1A.75.75 0 0 1 8 .5Zm0 12.5a.75.75 0 0 1 .75.75v1a.75.75 0 0 1-1.5 0v-1A.75.75 0 0 1 8 13ZM15.5 8a.75.75 0 0 1-.75.75h-1a.75.75 0 0 1 0-1.5h1a.75.75 0 0 1 .75.75ZM3 8a.75.75 0 0 1-.75.75h-1a.75.75 0 0 1 0-1.5h1A.75.75 0 0 1 3 8Zm10.3-5.3a.75.75 0 0 1 0 1.06l-.7.7a.75.75 0 1 1-1.06-1.06l.7-.7a.75.75 0 0 1 1.06 0ZM4.46 11.54a.75.75 0 0 1 0 1.06l-.7.7a.75.75 0 0 1-1.06-1.06l.7-.7a.75.75 0 0 1 1.06 0Zm8.84 1.76a.75.75 0 0 1-1.06 0l-.7-.7a.75.75 0 1 1 1.06-1.06l.7.7a.75.75 0 0 1 0 1.06ZM4.46 4.46a.75.75 0 0 1-1.06 0l-.7-.7A.75.75 0 0 1 3.76 2.7l.7.7a.75.75 0 0 1 0 1.06Z" />
  </Icon>
);

export const AlertIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm0 3a1 1 0 0 0-1 1v3.5a1 1 0 0 0 2 0V5a1 1 0 0 0-1-1Zm0 6.5a1 1 0 1 0 0 2 1 1 0 0 0 0-2Z" />
  </Icon>
);

export const WarningIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M7.13 1.5a1 1 0 0 1 1.74 0l6.5 11.5a1 1 0 0 1-.87 1.5h-13a1 1 0 0 1-.87-1.5l6.5-11.5ZM8 5a.9.9 0 0 0-.9.9v3.3a.9.9 0 0 0 1.8 0V5.9A.9.9 0 0 0 8 5Zm0 6a.95.95 0 1 0 0 1.9A.95.95 0 0 0 8 11Z" />
  </Icon>
);

export const CloseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3.7 3.7a1 1 0 0 1 1.4 0L8 6.6l2.9-2.9a1 1 0 1 1 1.4 1.4L9.4 8l2.9 2.9a1 1 0 0 1-1.4 1.4L8 9.4l-2.9 2.9a1 1 0 0 1-1.4-1.4L6.6 8 3.7 5.1a1 1 0 0 1 0-1.4Z" />
  </Icon>
);

/** Spins by CSS (and stops under prefers-reduced-motion). */
export const SpinnerIcon = ({ className, ...p }: IconProps) => (
  <Icon {...p} fill="none" className={className ? `spinner ${className}` : 'spinner'}>
    <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
    <path d="M8 2a6 6 0 0 1 6 6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
  </Icon>
);

export const LogoIcon = (p: IconProps) => (
  <Icon {...p} viewBox="0 0 24 24">
    <rect x="2" y="3" width="20" height="14" rx="2.5" fill="currentColor" opacity="0.25" />
    <rect x="2" y="3" width="20" height="14" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
    <path d="M10 7.2v5.6a.4.4 0 0 0 .6.34l4.6-2.8a.4.4 0 0 0 0-.68l-4.6-2.8a.4.4 0 0 0-.6.34Z" />
    <path d="M7 21h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    <path d="M12 17v4" stroke="currentColor" strokeWidth="1.8" />
  </Icon>
);

export const ConsoleIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M2.5 2h11A1.5 1.5 0 0 1 15 3.5v7a1.5 1.5 0 0 1-1.5 1.5H9v1.5h2a.75.75 0 0 1 0 1.5H5a.75.75 0 0 1 0-1.5h2V12H2.5A1.5 1.5 0 0 1 1 10.5v-7A1.5 1.5 0 0 1 2.5 2Zm0 1.5v7h11v-7Zm1.7 1.3a.6.6 0 0 1 .85 0l1.6 1.6a.6.6 0 0 1 0 .85l-1.6 1.6a.6.6 0 1 1-.85-.85L5.37 6.83 4.2 5.65a.6.6 0 0 1 0-.85ZM7.5 8.4h2.6a.6.6 0 0 1 0 1.2H7.5a.6.6 0 0 1 0-1.2Z" />
  </Icon>
);

export const KeyboardIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M2 3.5h12A1.5 1.5 0 0 1 15.5 5v6A1.5 1.5 0 0 1 14 12.5H2A1.5 1.5 0 0 1 .5 11V5A1.5 1.5 0 0 1 2 3.5ZM2 5v6h12V5Zm1 1h1.5v1.5H3Zm2.5 0H7v1.5H5.5ZM8 6h1.5v1.5H8Zm2.5 0H13v1.5h-2.5ZM3 8.5h1.5V10H3Zm2.5 1.5V8.5h5V10Zm6 0V8.5H13V10Z" />
  </Icon>
);

export const CameraIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 2.5h4a1 1 0 0 1 .83.45l.8 1.05H13.5A1.5 1.5 0 0 1 15 5.5v6.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 1 12V5.5A1.5 1.5 0 0 1 2.5 4h1.87l.8-1.05A1 1 0 0 1 6 2.5ZM8 5.75a3 3 0 1 0 0 6 3 3 0 0 0 0-6Zm0 1.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Z" />
  </Icon>
);

export const FullscreenIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M2 2.75A.75.75 0 0 1 2.75 2H6a.75.75 0 0 1 0 1.5H3.5V6A.75.75 0 0 1 2 6Zm8-.75h3.25a.75.75 0 0 1 .75.75V6a.75.75 0 0 1-1.5 0V3.5H10A.75.75 0 0 1 10 2ZM2.75 9.25a.75.75 0 0 1 .75.75v2.5H6A.75.75 0 0 1 6 14H2.75A.75.75 0 0 1 2 13.25V10a.75.75 0 0 1 .75-.75Zm10.5 0a.75.75 0 0 1 .75.75v3.25a.75.75 0 0 1-.75.75H10a.75.75 0 0 1 0-1.5h2.5V10a.75.75 0 0 1 .75-.75Z" />
  </Icon>
);

export const CopyIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M5.5 1.5h7A1.5 1.5 0 0 1 14 3v8a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 4 11V3a1.5 1.5 0 0 1 1.5-1.5Zm0 1.5v8h7V3ZM2 5.25a.75.75 0 0 1 1.5 0v8c0 .14.11.25.25.25H10a.75.75 0 0 1 0 1.5H3.75A1.75 1.75 0 0 1 2 13.25Z" />
  </Icon>
);

export const SearchIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M7 1.5a5.5 5.5 0 0 1 4.38 8.83l3.4 3.4a.75.75 0 0 1-1.06 1.06l-3.4-3.4A5.5 5.5 0 1 1 7 1.5ZM3 7a4 4 0 1 0 8 0 4 4 0 0 0-8 0Z" />
  </Icon>
);

export const ClipboardIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 1h4a1 1 0 0 1 1 1v.5h1.5A1.5 1.5 0 0 1 14 4v9.5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5V4a1.5 1.5 0 0 1 1.5-1.5H5V2a1 1 0 0 1 1-1Zm-2.5 3v9.5h9V4H11v.5a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4Zm3-1.5V4h3V2.5Z" />
  </Icon>
);

export const ArrowUpIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M7.47 3.22a.75.75 0 0 1 1.06 0l4.25 4.25a.75.75 0 0 1-1.06 1.06L8.75 5.56v7.19a.75.75 0 0 1-1.5 0V5.56L4.28 8.53a.75.75 0 0 1-1.06-1.06Z" />
  </Icon>
);

export const ArrowDownIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8.53 12.78a.75.75 0 0 1-1.06 0L3.22 8.53a.75.75 0 0 1 1.06-1.06l2.97 2.97V3.25a.75.75 0 0 1 1.5 0v7.19l2.97-2.97a.75.75 0 0 1 1.06 1.06Z" />
  </Icon>
);
