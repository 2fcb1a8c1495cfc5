import { createContext } from 'react';
import type { Store } from '../state/store.js';

export const StoreContext = createContext<Store | undefined>(undefined);
